import type { ErrorBody } from '@yungang/core';
import { loadConfig, openRuntime, resolveTenant, type Runtime } from '@yungang/server';
import { optional, UsageError } from '../args.js';

/**
 * The two ways a command reaches an instance: through a running server's HTTP API (--url and --token, or
 * YUNGANG_URL and YUNGANG_TOKEN), or straight into the configured database acting as a user (--as EMAIL).
 */
export const remoteOptions = { url: { type: 'string' }, token: { type: 'string' }, as: { type: 'string' }, org: { type: 'string' }, project: { type: 'string' } } as const;

export interface Remote {
  url: string;
  token: string;
}

export function remoteOf(values: Record<string, string | boolean | undefined>): Remote | undefined {
  const url = optional(values, 'url') ?? process.env.YUNGANG_URL;
  const token = optional(values, 'token') ?? process.env.YUNGANG_TOKEN;
  if (url && token) return { url: url.replace(/\/+$/, ''), token };
  if (url || token) throw new UsageError('give both --url and --token (an API token from the web app: Account → API tokens)');
  return undefined;
}

export async function failure(res: Response): Promise<Error> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as ErrorBody;
    return new Error(`${res.status} ${body.error.code}: ${body.error.message}`);
  } catch {
    return new Error(`${res.status}: ${text.slice(0, 300)}`);
  }
}

/** Direct mode: open the database ourselves and act as the named user in their (or the named) organisation. */
export async function withDirect<T>(values: Record<string, string | boolean | undefined>, work: (runtime: Runtime, ctx: Awaited<ReturnType<typeof resolveTenant>>) => Promise<T>): Promise<T> {
  const email = optional(values, 'as');
  if (!email) throw new UsageError('say who acts: --as EMAIL (direct database access), or --url and --token (through a running server)');
  const runtime = await openRuntime(loadConfig());
  try {
    const caller = await runtime.services.auth.callerByEmail(email);
    const ctx = await resolveTenant(runtime.services.database, caller, optional(values, 'org'));
    return await work(runtime, ctx);
  } finally {
    await runtime.close();
  }
}


/** GET a JSON document through the server, or throw its error. */
export async function fetchJson<T>(remote: Remote, path: string, orgId: string | undefined): Promise<T> {
  const res = await fetch(remote.url + path, { headers: { authorization: `Bearer ${remote.token}`, ...(orgId ? { 'x-org-id': orgId } : {}) } });
  if (res.status !== 200) throw await failure(res);
  return (await res.json()) as T;
}
