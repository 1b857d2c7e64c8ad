import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { BUNDLE_FORMAT, BUNDLE_PATHS, canonicalJsonBytes, manifestSignedText, recipientOrder, signNote, type BundleDatasetVersion, type BundleManifest, type BundleProof } from '@yungang/core';
import { readLines } from '../importing/read-lines.js';

/** Records are reordered for a recipient within windows of this many, so memory stays bounded. */
const ORDER_WINDOW = 10_000;

export interface BundleInput {
  origin: string;
  signerKey: string;
  datasetVersion: BundleDatasetVersion;
  deliveryId: string;
  /** The delivery's secret: it decides the record order of this copy (leak tracing). */
  secret: Uint8Array;
  /** The version's snapshot, one record per line, in canonical order. */
  records: Readable;
  entry: string;
  proof: BundleProof;
  checkpoint: string;
}

export interface BuiltBundle {
  path: string;
  bytes: number;
  cleanup(): Promise<void>;
}

/**
 * Writes a bundle zip to a temporary file: the records in the recipient's order, a manifest listing their
 * SHA-256, the manifest's signature, and the log evidence. A file, not a live stream, so the manifest can
 * name the records' hash and a slow download never holds the database.
 */
export async function writeBundle(input: BundleInput): Promise<BuiltBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'yungang-bundle-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const recordsPath = join(dir, 'records.jsonl');
    const records = await writeOrderedRecords(input.records, recordsPath, input.secret);
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      origin: input.origin,
      datasetVersion: input.datasetVersion,
      files: [{ path: BUNDLE_PATHS.records, sha256: records.sha256, bytes: records.bytes }],
      delivery: { id: input.deliveryId },
    };
    const manifestBytes = canonicalJsonBytes(manifest);
    const zipPath = join(dir, 'bundle.zip');
    const out = createWriteStream(zipPath);
    const done = finished(out);
    const zip = new Zip((err, chunk, final) => {
      if (err) out.destroy(err);
      else {
        out.write(chunk);
        if (final) out.end();
      }
    });
    const text = new TextEncoder();
    const addBytes = (path: string, bytes: Uint8Array): void => {
      const file = new ZipPassThrough(path);
      zip.add(file);
      file.push(bytes, true);
    };
    addBytes(BUNDLE_PATHS.manifest, manifestBytes);
    addBytes(BUNDLE_PATHS.signature, text.encode(signNote(manifestSignedText(manifestBytes), input.signerKey)));
    addBytes(BUNDLE_PATHS.entry, text.encode(input.entry));
    addBytes(BUNDLE_PATHS.proof, text.encode(JSON.stringify(input.proof, null, 2) + '\n'));
    addBytes(BUNDLE_PATHS.checkpoint, text.encode(input.checkpoint));
    const data = new ZipDeflate(BUNDLE_PATHS.records, { level: 6 });
    zip.add(data);
    for await (const chunk of createReadStream(recordsPath)) {
      data.push(chunk as Buffer);
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    data.push(new Uint8Array(0), true);
    zip.end();
    await done;
    return { path: zipPath, bytes: (await stat(zipPath)).size, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

async function writeOrderedRecords(input: Readable, path: string, secret: Uint8Array): Promise<{ sha256: string; bytes: number }> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const flush = async (window: { id: string; line: string }[]): Promise<void> => {
    for (const r of recipientOrder(window, (x) => x.id, secret)) {
      const line = r.line + '\n';
      hash.update(line);
      bytes += Buffer.byteLength(line);
      if (!out.write(line)) await once(out, 'drain');
    }
  };
  let window: { id: string; line: string }[] = [];
  for await (const line of readLines(input)) {
    if (line === '') continue;
    window.push({ id: String((JSON.parse(line) as { id: unknown }).id), line });
    if (window.length >= ORDER_WINDOW) {
      await flush(window);
      window = [];
    }
  }
  await flush(window);
  out.end();
  await finished(out);
  return { sha256: hash.digest('hex'), bytes };
}
