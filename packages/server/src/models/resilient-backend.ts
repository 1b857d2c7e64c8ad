import { ModelBackendError, type JudgeRequest, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask, type SuggestContext, type TrainEvent } from './model-backend.js';
import { sleep, TokenBucket } from './token-bucket.js';

export interface ResiliencePolicy {
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
  /** Further attempts after a retryable failure. */
  retries: number;
  /** First backoff; doubled per retry, with jitter, at most 5 s. */
  backoffMs?: number;
  ratePerMinute: number;
}

/**
 * Gives any backend a per-call timeout, retries with exponential backoff on retryable failures
 * (timeouts, refused connections, 5xx, 429), and a rate limit, so a slow or dead backend costs a
 * bounded wait and a clear error, never a hung request. The caller's signal still cancels everything.
 */
export class ResilientBackend implements ModelBackend {
  private readonly bucket: TokenBucket;
  readonly train?: (event: TrainEvent, signal: AbortSignal) => Promise<void>;
  readonly judge?: (request: JudgeRequest, signal: AbortSignal) => Promise<{ answer: unknown; modelVersion: string }>;

  constructor(
    private readonly inner: ModelBackend,
    private readonly policy: ResiliencePolicy,
    private readonly name: string,
  ) {
    this.bucket = new TokenBucket(policy.ratePerMinute);
    if (inner.train) {
      const train = inner.train.bind(inner);
      this.train = (event, signal) => this.call('train', signal, (s) => train(event, s));
    }
    if (inner.judge) {
      const judge = inner.judge.bind(inner);
      this.judge = (request, signal) => this.call('judge', signal, (s) => judge(request, s));
    }
  }

  health(signal: AbortSignal): Promise<ModelHealth> {
    // A health check reports the first failure as it is: retrying would hide a flaky backend.
    return this.call('health', signal, (s) => this.inner.health(s), 0);
  }

  setup(project: ModelProject, signal: AbortSignal): Promise<{ modelVersion: string }> {
    return this.call('setup', signal, (s) => this.inner.setup(project, s));
  }

  predict(project: ModelProject, tasks: ModelTask[], context: SuggestContext | undefined, signal: AbortSignal): Promise<ModelPrediction[]> {
    return this.call('predict', signal, (s) => this.inner.predict(project, tasks, context, s));
  }

  private async call<T>(what: string, signal: AbortSignal, attempt: (signal: AbortSignal) => Promise<T>, retries = this.policy.retries): Promise<T> {
    let last: ModelBackendError | undefined;
    for (let i = 0; i <= retries; i++) {
      if (i > 0) {
        const base = (this.policy.backoffMs ?? 200) * 2 ** (i - 1);
        await sleep(Math.min(5000, base + Math.random() * base * 0.2), signal);
      }
      await this.bucket.take(signal);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new ModelBackendError(`${this.name}: ${what} took longer than ${this.policy.timeoutMs} ms`, true, 'timeout')), this.policy.timeoutMs);
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        return await race(attempt(controller.signal), controller.signal);
      } catch (error) {
        if (signal.aborted) throw error;
        last = error instanceof ModelBackendError ? error : new ModelBackendError(`${this.name}: ${what} failed: ${(error as Error).message}`, false);
        if (!last.retryable) throw last;
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    }
    const tries = retries + 1;
    throw new ModelBackendError(`${last!.message} (${tries} ${tries === 1 ? 'try' : 'tries'})`, false, last!.kind);
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts, whatever `work` does. */
function race<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
