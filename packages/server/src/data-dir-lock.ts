import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  url: string | null;
  startedAt: string;
}

/** Thrown when another live process holds the embedded data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the data folder ${dataDir} is in use by another Yungang process (pid ${holder.pid}${holder.url ? `, serving ${holder.url}` : ''}). ` +
        `The embedded database allows one process per folder: stop that process, or run this command against the running server with --url ${holder.url ?? 'http://localhost:8080'} --token <API token>.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * An exclusive lock file in the embedded data folder. PGlite corrupts a folder opened by two
 * processes, so every process that opens it (server or CLI) takes this lock first.
 */
export class DataDirLock {
  private constructor(
    private readonly file: string,
    private info: LockInfo,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'yungang.lock');
    const info: LockInfo = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
        return new DataDirLock(file, info);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readHolder(file);
        // Our own pid counts too: a second open in this process would corrupt the folder just the same.
        if (holder && isAlive(holder.pid)) throw new DataDirLockedError(dataDir, holder);
        rmSync(file, { force: true }); // stale: its process is gone
      }
    }
    throw new Error(`could not lock ${file}`);
  }

  /** Records where the server listens, so a CLI that finds the lock can say where to go instead. */
  setUrl(url: string): void {
    this.info = { ...this.info, url };
    writeFileSync(this.file, JSON.stringify(this.info));
  }

  release(): void {
    const holder = readHolder(this.file);
    if (holder?.pid === process.pid) rmSync(this.file, { force: true });
  }
}

export function readHolder(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
