import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialTouches, touchAfterMs } from './credential-touches.js';

describe('credential touches', () => {
  it('gives each credential its own point between half the interval and all of it, the same every time', () => {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const points = ids.map((id) => touchAfterMs(id, 60_000));
    expect(Math.min(...points)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...points)).toBeLessThan(60_000);
    expect(ids.map((id) => touchAfterMs(id, 60_000))).toEqual(points);
    // Spread over the half-interval: each of its ten slices holds about a tenth of the credentials.
    const slices = Array.from({ length: 10 }, (_, k) => points.filter((p) => Math.floor((p - 30_000) / 3_000) === k).length);
    expect(Math.min(...slices)).toBeGreaterThan(120);
    expect(Math.max(...slices)).toBeLessThan(280);
  });

  it("asks for a write only when the last one is older than the credential's point, or there was none", async () => {
    const written: string[] = [];
    const touches = new CredentialTouches('last used', async (ids) => void written.push(...ids));
    const now = Date.now();
    const id = randomUUID();
    const point = touchAfterMs(id, 60_000);
    touches.dueIfOlder(id, new Date(now - point + 1_000), 60_000, now);
    await touches.settled();
    expect(written).toEqual([]);
    touches.dueIfOlder(id, new Date(now - point - 1_000), 60_000, now);
    touches.dueIfOlder('never-used', null, 60_000, now);
    await touches.settled();
    expect(written.sort()).toEqual([id, 'never-used'].sort());
  });
});
