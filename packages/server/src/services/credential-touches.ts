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
