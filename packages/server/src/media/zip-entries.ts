import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { StagedFile } from './staged-file.js';

/** One member of a zip: staged to disk, or why it was not. */
export type ZipEntry = { name: string; staged: StagedFile } | { name: string; skipped: string };

interface OpenEntry {
  name: string;
  path: string;
  out: WriteStream;
  hash: ReturnType<typeof createHash>;
  size: number;
  error: Error | undefined;
}

/** Folders, macOS resource forks and hidden files are not images anyone meant to send. */
function ignored(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('.'));
}

/**
 * Unpacks a zip file entry by entry into `dir` and hands each to `onEntry` before reading on, so only
 * one entry's worth of disk is used at a time and memory stays flat: the zip is read in 64 KiB chunks,
 * fflate inflates each synchronously, and reading waits while the disk catches up. An entry that
 * inflates past `maxBytes` is cut off and reported, which also defuses zip bombs.
 */
export async function forEachZipEntry(zipPath: string, dir: string, maxBytes: number, maxEntries: number, onEntry: (entry: ZipEntry) => Promise<void>): Promise<void> {
  const done: (ZipEntry | OpenEntry)[] = [];
  const open = new Set<OpenEntry>();
  let seen = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    if (ignored(file.name)) return;
    if (++seen > maxEntries) {
      if (seen === maxEntries + 1) done.push({ name: file.name, skipped: `the zip holds more than ${maxEntries} files; this and later entries were not read (split the zip)` });
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      done.push({ name: file.name, skipped: `compressed with zip method ${file.compression}, which is not supported; re-create the zip with "deflate" or "store"` });
      return;
    }
    const path = join(dir, randomUUID());
    const entry: OpenEntry = { name: file.name, path, out: createWriteStream(path), hash: createHash('sha256'), size: 0, error: undefined };
    open.add(entry);
    file.ondata = (err, data, final) => {
      if (err) entry.error = err;
      else {
        entry.size += data.length;
        if (entry.size <= maxBytes) {
          entry.hash.update(data);
          entry.out.write(data);
        }
      }
      if (final || err) {
        entry.out.end();
        open.delete(entry);
        done.push(entry);
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  const flush = async (): Promise<void> => {
    while (done.length > 0) {
      const item = done.shift()!;
      if (!('out' in item)) {
        await onEntry(item);
        continue;
      }
      await finished(item.out);
      try {
        if (item.error) await onEntry({ name: item.name, skipped: `the zip entry is damaged (${item.error.message})` });
        else await onEntry({ name: item.name, staged: { path: item.path, sha256: item.hash.digest('hex'), size: item.size, tooLarge: item.size > maxBytes } });
      } finally {
        await rm(item.path, { force: true });
      }
    }
  };

  try {
    for await (const chunk of createReadStream(zipPath, { highWaterMark: 64 * 1024 })) {
      unzip.push(chunk as Buffer);
      for (const entry of open) if (entry.out.writableNeedDrain) await once(entry.out, 'drain');
      await flush();
    }
    unzip.push(new Uint8Array(0), true);
    await flush();
    // A zip cut short leaves entries that never saw their last byte.
    for (const entry of open) {
      entry.out.end();
      await finished(entry.out);
      await rm(entry.path, { force: true });
      await onEntry({ name: entry.name, skipped: 'the zip ends before this entry does (a truncated upload?)' });
    }
  } finally {
    for (const entry of open) entry.out.destroy();
  }
}
