import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import type { ErrorBody, ExportFormat } from '@yungang/core';
import { detectFormat, loadConfig, openRuntime, resolveTenant, type Runtime } from '@yungang/server';
import { parse, required, optional, UsageError } from '../args.js';

export const importHelp = `yungang import --project ID --file F [--format json|jsonl|csv] (--url URL --token T | --as EMAIL)
  Streams a task file into a project. Through a running server with --url and --token (or YUNGANG_URL,
  YUNGANG_TOKEN), or straight into the configured database acting as user --as EMAIL.`;

export const exportHelp = `yungang export --project ID [--format jsonl|csv] [--out F] (--url URL --token T | --as EMAIL)
  Streams a project's tasks and every annotation version to F (default: standard output).`;

const remoteOptions = { url: { type: 'string' }, token: { type: 'string' }, as: { type: 'string' }, org: { type: 'string' }, project: { type: 'string' } } as const;

interface Remote {
  url: string;
  token: string;
}

function remoteOf(values: Record<string, string | boolean | undefined>): Remote | undefined {
  const url = optional(values, 'url') ?? process.env.YUNGANG_URL;
  const token = optional(values, 'token') ?? process.env.YUNGANG_TOKEN;
  if (url && token) return { url: url.replace(/\/+$/, ''), token };
  if (url || token) throw new UsageError('give both --url and --token (an API token from the web app: Account → API tokens)');
  return undefined;
}

async function failure(res: Response): Promise<Error> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as ErrorBody;
    return new Error(`${res.status} ${body.error.code}: ${body.error.message}`);
  } catch {
    return new Error(`${res.status}: ${text.slice(0, 300)}`);
  }
}

/** Direct mode: open the database ourselves and act as the named user in their (or the named) organisation. */
async function withDirect<T>(values: Record<string, string | boolean | undefined>, work: (runtime: Runtime, ctx: Awaited<ReturnType<typeof resolveTenant>>) => Promise<T>): Promise<T> {
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

export async function importTasks(argv: string[]): Promise<number> {
  const values = parse(argv, { ...remoteOptions, file: { type: 'string' }, format: { type: 'string' } });
  const projectId = required(values, 'project');
  const file = required(values, 'file');
  const format = detectFormat(optional(values, 'format'), file, undefined);
  if (!format) throw new UsageError('cannot tell the format from the file name: add --format json|jsonl|csv');
  const remote = remoteOf(values);
  let count: number;
  if (remote) {
    const res = await fetch(`${remote.url}/api/v1/projects/${encodeURIComponent(projectId)}/import?format=${format}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${remote.token}`, 'content-type': 'application/octet-stream', ...(optional(values, 'org') ? { 'x-org-id': optional(values, 'org')! } : {}) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 201) throw await failure(res);
    count = ((await res.json()) as { taskCount: number }).taskCount;
  } else {
    count = await withDirect(values, async (runtime, ctx) => (await runtime.services.imports.importStream(ctx, projectId, createReadStream(file), format, basename(file))).taskCount);
  }
  console.error(`imported ${count} tasks from ${file}`);
  return 0;
}

export async function exportProject(argv: string[]): Promise<number> {
  const values = parse(argv, { ...remoteOptions, format: { type: 'string' }, out: { type: 'string' } });
  const projectId = required(values, 'project');
  const format = (optional(values, 'format') ?? 'jsonl') as ExportFormat;
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  const outPath = optional(values, 'out');
  const out = (): Writable => (outPath ? createWriteStream(outPath) : process.stdout);
  const remote = remoteOf(values);
  if (remote) {
    const res = await fetch(`${remote.url}/api/v1/projects/${encodeURIComponent(projectId)}/export?format=${format}`, {
      headers: { authorization: `Bearer ${remote.token}`, ...(optional(values, 'org') ? { 'x-org-id': optional(values, 'org')! } : {}) },
    });
    if (res.status !== 200 || !res.body) throw await failure(res);
    await pipeline(Readable.fromWeb(res.body as NodeReadableStream), out());
  } else {
    await withDirect(values, async (runtime, ctx) => {
      const file = await runtime.services.exports.export(ctx, projectId, format);
      await pipeline(file.body, out());
    });
  }
  if (outPath) console.error(`exported project ${projectId} to ${outPath}`);
  return 0;
}
