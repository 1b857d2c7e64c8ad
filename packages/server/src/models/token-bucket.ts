/**
 * A token bucket: `capacity` calls at once, refilled at `perMinute`. `take` waits (abortably) for a
 * token, so a busy project slows down instead of hammering a backend that someone else also pays for.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly capacity = Math.max(1, Math.min(perMinute, 10)),
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Milliseconds until a token is free (0 = now), after refilling. */
  private refill(): number {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.perMinute) / 60_000);
    this.last = t;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }

  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.refill();
      if (wait === 0) {
        this.tokens -= 1;
        return;
      }
      await sleep(wait, signal);
    }
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
