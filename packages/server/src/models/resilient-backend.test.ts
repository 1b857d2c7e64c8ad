import { afterEach, describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { FakeLsBackend } from '../test-support/fake-ls-backend.js';
import { LabelStudioMlBackend } from './ls-ml-backend.js';
import { ModelBackendError } from './model-backend.js';
import { ResilientBackend } from './resilient-backend.js';
import { TokenBucket } from './token-bucket.js';

const project = { id: '00000000-0000-4000-8000-000000000001', title: 'p', labelConfig: textClassificationTemplate };
const tasks = [{ id: '7', data: { text: '好' } }];

describe('ResilientBackend over a real backend on loopback', () => {
  let fake: FakeLsBackend | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('abandons a hanging backend after the timeout, retries with backoff, then reports a timeout', async () => {
    fake = await new FakeLsBackend(() => ({ result: [] })).start();
    fake.mode = 'hang';
    const backend = new ResilientBackend(new LabelStudioMlBackend({ url: fake.url }), { timeoutMs: 200, retries: 2, backoffMs: 20, ratePerMinute: 6000 }, 'hanging');
    const started = Date.now();
    const error = await backend.predict(project, tasks, undefined, new AbortController().signal).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ModelBackendError);
    expect((error as ModelBackendError).kind).toBe('timeout');
    expect((error as ModelBackendError).message).toMatch(/took longer than 200 ms \(3 tries\)/);
    expect(fake.callsTo('/predict')).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(3000);
  });

  it('retries 5xx answers and succeeds when the backend recovers; does not retry a 4xx', async () => {
    fake = await new FakeLsBackend(() => ({ result: [{ id: 'a', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }], score: 0.9 })).start();
    fake.mode = 'fail';
    const backend = new ResilientBackend(new LabelStudioMlBackend({ url: fake.url }), { timeoutMs: 1000, retries: 3, backoffMs: 50, ratePerMinute: 6000 }, 'flaky');
    const pending = backend.predict(project, tasks, undefined, new AbortController().signal);
    setTimeout(() => (fake!.mode = 'ok'), 80);
    const [prediction] = await pending;
    expect(prediction).toMatchObject({ taskId: '7', score: 0.9, modelVersion: 'fake-1' });
    expect(fake.callsTo('/predict').length).toBeGreaterThanOrEqual(2);

    const missing = new ResilientBackend(new LabelStudioMlBackend({ url: `${fake.url}/nowhere` }), { timeoutMs: 1000, retries: 3, ratePerMinute: 6000 }, 'wrong url');
    const before = fake.calls.length;
    await expect(missing.predict(project, tasks, undefined, new AbortController().signal)).rejects.toThrow(/answered 404/);
    expect(fake.calls.length - before).toBe(1);
  });

  it("the caller's abort ends a wait at once, retries or not", async () => {
    fake = await new FakeLsBackend(() => ({ result: [] })).start();
    fake.mode = 'hang';
    const backend = new ResilientBackend(new LabelStudioMlBackend({ url: fake.url }), { timeoutMs: 10_000, retries: 5, ratePerMinute: 6000 }, 'hanging');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the job')), 100);
    const started = Date.now();
    await expect(backend.predict(project, tasks, undefined, controller.signal)).rejects.toThrow('cancelled by the job');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through, then one call per 60/perMinute seconds', async () => {
    let now = 0;
    const bucket = new TokenBucket(120, 2, () => now);
    const signal = new AbortController().signal;
    await bucket.take(signal);
    await bucket.take(signal);
    let third = false;
    const pending = bucket.take(signal).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    now += 500; // 120 per minute = one token per 500 ms
    await pending;
    expect(third).toBe(true);
  });
});
