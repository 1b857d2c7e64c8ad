import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat } from '@yungang/core';
import { detectFormat } from '@yungang/server';
import { parse, required, optional, UsageError } from '../args.js';
import { failure, remoteOf, remoteOptions, withDirect } from './remote.js';

export const importHelp = `yungang import --project ID --file F [--format json|jsonl|csv] (--url URL --token T | --as EMAIL)
  Streams a task file into a project. Through a running server with --url and --token (or YUNGANG_URL,
  YUNGANG_TOKEN), or straight into the configured database acting as user --as EMAIL.`;

export const exportHelp = `yungang export --project ID [--format jsonl|csv] [--out F] (--url URL --token T | --as EMAIL)
  Streams a project's tasks and every annotation version to F (default: standard output).`;

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
