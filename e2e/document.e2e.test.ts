/**
 * End to end, in a real browser: a 2-page text PDF (written by hand in the test) is uploaded through the
 * Import tab, whose row follows the background `document-intake` job until the pages are read, and
 * annotated in the document workbench: page 2 opened from the toolbar, a box drawn on it
 * with a label hotkey, a span made by selecting text in the invisible text layer, the span linked to a
 * key, the box put in the reading order; the export holds all four with page numbers and offsets.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { documentExtractionTemplate } from '@yungang/core';
import { writePdf } from '../packages/server/src/test-support/pdf-writer.js';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

interface Item {
  id: string;
  type: string;
  value: Record<string, unknown>;
}

const A4 = { width: 595, height: 842 };
const pdf = writePdf([
  { ...A4, lines: [{ x: 72, y: 770, size: 18, text: 'Notice on Data Security' }, { x: 72, y: 740, size: 12, text: 'Issued by: General Office' }] },
  { ...A4, lines: [{ x: 72, y: 770, size: 12, text: 'Document No. 5' }, { x: 72, y: 700, size: 12, text: 'Date: 2024-05-01' }] },
]);

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('document end to end', () => {
  const app = useE2eApp('document');

  it('draws a box on page 2, selects a span in the text layer, links a key and orders the box; the export holds them', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `公文 ${Date.now()}`, labelConfig: documentExtractionTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const { page, context, errors } = await signedInPage();
    const soon = { timeout: 20_000 };
    // The upload answers at once with the PDF "processing"; its row follows the job until the pages are read.
    await page.goto(`${url}/projects/${project.body.id}`);
    await page.getByTestId('tab-import').click();
    await page.getByTestId('media-files').setInputFiles({ name: 'notice.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('media-submit').click();
    await expect.poll(() => page.getByTestId('media-result').locator('tr[data-status="processing"]').count(), soon).toBe(1);
    await expect.poll(() => page.getByTestId('document-job').getAttribute('data-job-status'), { timeout: 60_000 }).toBe('succeeded');
    await expect.poll(() => page.getByTestId('document-job').textContent(), soon).toContain('2');
    await shot(page, 'document-00-intake-job');

    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const textItems = page.locator('[data-testid="document-text-layer"] > span');
    await expect.poll(() => textItems.count(), soon).toBeGreaterThan(0);
    await page.getByTestId('document-next').click();
    await expect.poll(() => page.getByTestId('document-page-view').getAttribute('data-page'), soon).toBe('2');
    await expect.poll(() => textItems.allTextContents(), soon).toContain('Date: 2024-05-01');

    // Label hotkey 2 ("正文", a box label) arms box drawing; drag from (10 %, 10 %) to (60 %, 20 %).
    await page.keyboard.press('2');
    const view = (await page.getByTestId('document-page-view').boundingBox())!;
    await page.mouse.move(view.x + view.width * 0.1, view.y + view.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(view.x + view.width * 0.35, view.y + view.height * 0.15, { steps: 4 });
    await page.mouse.move(view.x + view.width * 0.6, view.y + view.height * 0.2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('document-box').count(), soon).toBe(1);
    // Alt+O puts the new (selected) box in the reading order.
    await page.keyboard.press('Alt+o');
    await expect.poll(() => page.getByTestId('document-order').locator('li').count(), soon).toBe(1);
    await page.keyboard.press('Escape');

    // Select "2024-05-01" in the text layer as a reader would (the selection API), then label it VALUE (w).
    await page.evaluate(() => {
      const span = [...document.querySelectorAll('[data-testid="document-text-layer"] > span')].find((s) => s.textContent === 'Date: 2024-05-01')!;
      const text = span.firstChild!;
      const range = document.createRange();
      range.setStart(text, 6);
      range.setEnd(text, 16);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      span.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await page.keyboard.press('w');
    await expect.poll(() => page.getByTestId('document-span').count(), soon).toBe(1);
    // Select the span in the list, then click the key it is the value of.
    await page.getByTestId('document-regions').getByText('2024-05-01').click();
    await page.getByTestId('kv-key-date').click();
    await expect.poll(() => page.getByTestId('kv-value-date').textContent(), soon).toBe('“2024-05-01”');
    await shot(page, 'document-01-workbench');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor(soon);
    expect(errors).toEqual([]);
    await context.close();

    const exported = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await exported.text()).trim()) as { result: Item[] };
    const box = record.result.find((r) => r.type === 'rectanglelabels')!;
    expect(box.value).toMatchObject({ page: 2, rectanglelabels: ['text'] });
    expect(box.value['x']).toBeCloseTo(10, 0);
    expect(box.value['y']).toBeCloseTo(10, 0);
    expect(box.value['width']).toBeCloseTo(50, 0);
    const span = record.result.find((r) => r.type === 'labels')!;
    // Page 1's text is 49 code points, then one "\n"; "2024-05-01" starts 6 code points into page 2's second line.
    const page2 = 'Document No. 5\nDate: 2024-05-01';
    expect(span.value).toEqual({ page: 2, start: 50 + page2.indexOf('2024'), end: 50 + page2.indexOf('2024') + 10, text: '2024-05-01', labels: ['VALUE'] });
    expect(record.result.find((r) => r.type === 'keyvalue')?.value).toEqual({ key: 'date', valueId: span.id });
    expect(record.result.find((r) => r.type === 'readingorder')?.value).toEqual({ order: [box.id] });
  });
});
