/**
 * End to end, in a real browser: the edit alignment a reviewer reads (docs/quality.md, Transcripts). Two
 * annotators transcribe the same recording differently; the reviewer's page shows the transcript under
 * review against the other one, with the substituted, deleted and inserted words marked and the WER that
 * core's metrics give for it.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { request as playwrightRequest } from 'playwright-core';
import { alignTranscripts } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { apiAs, haveBrowser } from './e2e-support.js';

const CONFIG = {
  version: 1,
  fields: [{ name: 'audio', type: 'audio' }],
  controls: [{ type: 'textarea', name: 'transcript', toName: 'audio', title: '转写', unit: 'word' }],
};
const TEXTS = { a: 'he might even have been made amiable himself', b: 'he might have been maid amiable himself' };
const PEOPLE = [
  { key: 'a', email: 'align-a@yungang.local', password: 'align-pass-a1', name: '标注员甲' },
  { key: 'b', email: 'align-b@yungang.local', password: 'align-pass-b1', name: '标注员乙' },
] as const;

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('transcript alignment in review', () => {
  const app = useE2eApp('transcript-alignment');

  it('shows the transcript under review against the other annotator’s, with the edits marked and the WER', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `转写对比 ${Date.now()}`, labelConfig: CONFIG, overlap: 2, qualityPolicy: { review: 'all' } });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify({ audio: 'https://example.invalid/clip.wav' })}\n`, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    const submitted = new Map<string, string>();
    for (const who of PEOPLE) {
      const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: who.email, role: 'annotator', name: who.name, password: who.password });
      expect(member.status, JSON.stringify(member.body)).toBe(201);
      const context = await playwrightRequest.newContext();
      expect((await context.post(`${url}/api/v1/auth/login`, { data: { email: who.email, password: who.password } })).status()).toBe(200);
      const annotator = await apiAs(context, url);
      const next = await annotator.call<{ assignment: { id: string } | null }>('POST', `/projects/${project.body.id}/next`);
      expect(next.body.assignment, JSON.stringify(next.body)).not.toBeNull();
      const result = [{ id: 't', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: [TEXTS[who.key]] } }];
      const done = await annotator.call<{ id: string }>('POST', `/assignments/${next.body.assignment!.id}/annotations`, { result, leadTimeMs: 4000 });
      expect(done.status, JSON.stringify(done.body)).toBe(201);
      submitted.set(done.body.id, who.key);
      await context.dispose();
    }

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/review`);
    const item = page.getByTestId('review-item');
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    const underReview = submitted.get((await item.getAttribute('data-annotation-id'))!)!;
    const [mine, theirs] = underReview === 'a' ? [TEXTS.a, TEXTS.b] : [TEXTS.b, TEXTS.a];
    const expected = alignTranscripts(theirs, mine);

    const view = page.getByTestId('transcript-alignment');
    await expect.poll(() => view.count(), { timeout: 10_000 }).toBe(1);
    const rate = view.getByTestId('alignment-rate');
    expect(Number(await rate.getAttribute('data-rate'))).toBeCloseTo(expected.rate, 10);
    expect(await rate.getAttribute('data-unit')).toBe('word');
    expect(await rate.textContent()).toContain(`${(expected.rate * 100).toFixed(1)}%`);
    // made → maid is a substitution either way; "even" is missing from b, so it is a deletion or an insertion.
    const sub = view.locator('[data-op="substitute"]');
    expect(await sub.count()).toBe(1);
    expect(await sub.locator('del').textContent()).toBe(underReview === 'b' ? 'made' : 'maid');
    expect(await sub.locator('ins').textContent()).toBe(underReview === 'b' ? 'maid' : 'made');
    expect(await view.locator(underReview === 'b' ? '[data-op="delete"]' : '[data-op="insert"]').textContent()).toContain('even');
    await shot(page, 'transcript-alignment-01-review');
    expect(errors).toEqual([]);
    await context.close();
  });
});
