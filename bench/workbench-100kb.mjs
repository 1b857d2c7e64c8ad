// Opens a 100 KB Chinese text in the annotation workbench (real server, real Chromium) and measures
// what an annotator feels: time until the text is shown, keyboard caret/selection latency, labelling
// a span and submitting. Usage: node bench/workbench-100kb.mjs [kilobytes=100]
// Needs the built packages and web app (npm run build) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
/* global document, requestAnimationFrame -- these run inside the page */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO_LOGIN, startServer } from '../packages/server/dist/index.js';

const kb = Number(process.argv[2] ?? 100);
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), demo: true, logLevel: 'warn', env: {} });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url + '/login');
  await page.fill('[data-testid=login-email]', DEMO_LOGIN.email);
  await page.fill('[data-testid=login-password]', DEMO_LOGIN.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=project-card]');

  // A project whose only task is the long text, made through the API with the page's own session.
  const sentence = '云冈石窟位于山西省大同市，是中国规模最大的古代石窟群之一，😀 李明和王芳在北京大学研究它。';
  const text = sentence.repeat(Math.ceil((kb * 1024) / Buffer.byteLength(sentence))).slice(0, Math.floor((kb * 1024) / 3));
  const projectId = await page.evaluate(async (t) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
    const config = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER', color: '#e5484d', hotkey: '1' }, { value: 'LOC', color: '#30a46c', hotkey: '2' }] }] };
    const p = await (await fetch('/api/v1/projects', { method: 'POST', headers, body: JSON.stringify({ name: 'long text', labelConfig: config }) })).json();
    await fetch(`/api/v1/projects/${p.id}/import?format=jsonl`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body: JSON.stringify({ text: t }) });
    return p.id;
  }, text);

  let t0 = performance.now();
  await page.goto(`${server.url}/projects/${projectId}/annotate`);
  await page.waitForSelector('[data-testid=workbench-text]');
  await page.waitForFunction((n) => (document.querySelector('[data-testid=workbench-text]')?.textContent ?? '').length >= n, text.length - 10);
  const openMs = performance.now() - t0;

  await page.focus('[data-testid=workbench-text]');
  await page.keyboard.press('Home');
  const keys = 50;
  t0 = performance.now();
  await page.keyboard.down('Shift');
  for (let i = 0; i < keys; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.up('Shift');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const perKeyMs = (performance.now() - t0) / keys;

  t0 = performance.now();
  await page.keyboard.press('1');
  await page.waitForSelector('[data-testid=span-item]');
  const labelMs = performance.now() - t0;

  t0 = performance.now();
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('[data-testid=no-more-tasks]');
  const submitMs = performance.now() - t0;

  console.log(JSON.stringify({ textKB: Math.round(Buffer.byteLength(text) / 1024), codePoints: [...text].length, openMs: Math.round(openMs), perKeyMs: +perKeyMs.toFixed(1), labelSpanMs: Math.round(labelMs), submitAndNextMs: Math.round(submitMs) }));
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
