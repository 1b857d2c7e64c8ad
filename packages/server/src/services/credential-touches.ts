import DataLoader from 'dataloader';

/**
 * "Last used" (API tokens) and "last seen" (sessions) writes, off the request's path. A request whose
 * credential is due for one asks for it and goes on: the write is bookkeeping, and nothing the request answers
 * depends on it. Awaiting it put a write, its commit and its WAL flush into the request's latency, and clients
 * that start together (a shift, a load test's warm-up) stay in step, so a thousand credentials came due in the
 * same second every minute and that second's median tripled (issue 10, `BENCH_TIMELINE`).
 *
 * Writes asked for in the same turn of the event loop go as one statement (up to 500 rows). A credential whose
 * write is on its way is not asked for again. A write that fails is reported and leaves the old time, so the
 * credential's next request asks again; a session's idle limit counts from the last write that landed, which
 * is at most one touch interval behind (`touchIntervalMs`). `settled()` waits for the writes on their way
 * (shutdown, before the database closes; tests that read the rows).
 *
 * A credential is due after its own share of the interval, between half and all of it (`touchAfterMs`): clients
 * that start together are written together once, then each on its own beat, instead of a thousand rows in one
 * second every minute (after the change above, one run in four still had that second's submits at 250–530 ms).
 */
export class CredentialTouches {
  private readonly batches: DataLoader<string, void>;
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly what: string,
    write: (ids: readonly string[]) => Promise<void>,
  ) {
    this.batches = new DataLoader<string, void>(
      async (ids) => {
        await write([...new Set(ids)]);
        return ids.map(() => undefined);
      },
      { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
    );
  }

  /** Asks for `id`'s write if its last one (`last`, null: never) is older than its share of `intervalMs`. */
  dueIfOlder(id: string, last: Date | null, intervalMs: number, now = Date.now()): void {
    if (last === null || now - last.getTime() >= touchAfterMs(id, intervalMs)) this.due(id);
  }

  /** Asks for `id`'s write, unless one is already on its way; never throws, never waits. */
  due(id: string): void {
    if (this.pending.has(id)) return;
    const write = this.batches
      .load(id)
      .catch((e: unknown) => console.error(`[yungang] writing the ${this.what} time of a credential failed (it is retried on its next use): ${(e as Error).message}`))
      .finally(() => this.pending.delete(id));
    this.pending.set(id, write);
  }

  /** Resolves when every write asked for so far has landed or failed. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }
}

/** When `id`'s write comes due: a fixed point between half of `intervalMs` and all of it, from a hash of the id. */
export function touchAfterMs(id: string, intervalMs: number): number {
  // FNV-1a: cheap, and spreads ids that differ in a few characters.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return intervalMs / 2 + ((hash >>> 0) / 0x1_0000_0000) * (intervalMs / 2);
}
