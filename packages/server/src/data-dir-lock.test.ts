import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError, readHolder } from './data-dir-lock.js';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder in and tells the next who holds the folder', () => {
    const lock = DataDirLock.acquire(dir);
    lock.setUrl('http://localhost:9999');
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(/pid \d+, serving http:\/\/localhost:9999.*--url http:\/\/localhost:9999/);
    lock.release();
    const again = DataDirLock.acquire(dir);
    again.release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    await writeFile(join(dir, 'yungang.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, url: null, startedAt: 'then' }));
    const lock = DataDirLock.acquire(dir);
    expect(readHolder(join(dir, 'yungang.lock'))?.pid).toBe(process.pid);
    lock.release();
  });
});
