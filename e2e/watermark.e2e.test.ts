/**
 * End to end, in a real browser: the on-screen watermark (docs/security.md). The workbench carries a faint,
 * tiled layer naming the signed-in person, the organisation and the time; it sits above everything, takes
 * no clicks, comes back when removed or restyled, and shows on screenshots: a screenshot with it differs,
 * all over the viewport and only faintly, from one of the same page with the layer removed by script.
 * The access audit page then lists the workbench's claim with its address.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH). The test machine has
 * no CJK font, so Chinese renders as boxes on the screenshots; the SVG text is checked as text.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, DEMO, distDir, ensureWebBuild, haveBrowser, loginUi, shotDir } from './e2e-support.js';

const VIEWPORT = { width: 1280, height: 800 };
const GRID = { columns: 4, rows: 3 };

interface PixelDiff {
  /** Share of pixels that differ at all. */
  fraction: number;
  /** Largest difference of one channel (0–255). */
  maxDelta: number;
  /** Share of pixels that differ by more than 100 in some channel (not a faint overlay). */
  strong: number;
  /** Differing pixels per grid cell, row by row. */
  cells: number[];
}

/** Compares two PNG screenshots of the same size inside the page (canvas), per grid cell. */
async function pixelDiff(page: Page, a: Buffer, b: Buffer): Promise<PixelDiff> {
  return page.evaluate(
    async ({ a, b, grid }) => {
      const load = async (base64: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, canvas.width, canvas.height);
      };
      const [x, y] = [await load(a), await load(b)];
      if (x.width !== y.width || x.height !== y.height) throw new Error('screenshots differ in size');
      const cells = new Array<number>(grid.columns * grid.rows).fill(0);
      let differing = 0;
      let maxDelta = 0;
      let strong = 0;
      for (let row = 0; row < x.height; row++) {
        for (let column = 0; column < x.width; column++) {
          const i = (row * x.width + column) * 4;
          const delta = Math.max(Math.abs(x.data[i]! - y.data[i]!), Math.abs(x.data[i + 1]! - y.data[i + 1]!), Math.abs(x.data[i + 2]! - y.data[i + 2]!));
          if (delta === 0) continue;
          differing++;
          maxDelta = Math.max(maxDelta, delta);
          if (delta > 100) strong++;
          const cell = Math.floor((row * grid.rows) / x.height) * grid.columns + Math.floor((column * grid.columns) / x.width);
          cells[cell] = cells[cell]! + 1;
        }
      }
      return { fraction: differing / (x.width * x.height), maxDelta, strong: strong / (x.width * x.height), cells };
    },
    { a: a.toString('base64'), b: b.toString('base64'), grid: GRID },
  );
}

/** The SVG drawn by the layer, decoded from its background-image. */
async function watermarkSvg(page: Page): Promise<string> {
  const background = await page.getByTestId('watermark').evaluate((el) => getComputedStyle(el).backgroundImage);
  const match = /data:image\/svg\+xml;charset=utf-8,([^"]*)/.exec(background);
  if (!match) throw new Error(`no SVG watermark in ${background.slice(0, 120)}`);
  return decodeURIComponent(match[1]!);
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('on-screen watermark end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let dataDir = '';

  beforeAll(async () => {
    if (!haveBrowser) return; // the test itself fails, with the reason
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-watermark-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('covers the workbench with a tiled, tamper-resistant watermark naming the user, the organisation and the time', async () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server) throw new Error('not started');
    const base = server.url;
    context = await browser.newContext({ viewport: VIEWPORT, locale: 'en' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await loginUi(page, base, DEMO.email, DEMO.password);
    // Already on the project list, before any task data: the layer is part of the signed-in shell.
    await expect.poll(() => page.getByTestId('watermark').count()).toBe(1);
    const api = await apiAs(page.request, base);
    const me = await api.call<{ user: { name: string; email: string; id: string }; orgs: { name: string }[] }>('GET', '/auth/me');
    const { user } = me.body;
    const orgName = me.body.orgs[0]!.name;
    const projects = await api.call<{ items: { id: string }[] }>('GET', '/projects');
    const projectId = projects.body.items[0]!.id;

    await page.goto(`${base}/projects/${projectId}/annotate`);
    await page.getByTestId('workbench-text').waitFor();
    const layer = page.getByTestId('watermark');
    await expect.poll(() => layer.count()).toBe(1);

    // Above everything, over the whole viewport, never in the way.
    const style = await layer.evaluate((el) => {
      const s = getComputedStyle(el);
      return { position: s.position, zIndex: s.zIndex, pointerEvents: s.pointerEvents, display: s.display, visibility: s.visibility, opacity: s.opacity, repeat: s.backgroundRepeat, parent: el.parentElement?.tagName };
    });
    expect(style).toEqual({ position: 'fixed', zIndex: '2147483647', pointerEvents: 'none', display: 'block', visibility: 'visible', opacity: '1', repeat: 'repeat', parent: 'BODY' });
    expect(await layer.boundingBox()).toEqual({ x: 0, y: 0, ...VIEWPORT });
    const higher = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => el.getAttribute('data-testid') !== 'watermark' && Number(getComputedStyle(el).zIndex) >= 2147483647).length);
    expect(higher).toBe(0);
    // Clicks reach the workbench through it (Playwright refuses to click an element another one covers).
    await page.getByTestId('workbench-text').click();

    // What it says: the person, the organisation, the time to the minute.
    const svg = await watermarkSvg(page);
    expect(svg).toContain(user.email);
    expect(svg).toContain(user.name);
    expect(svg).toContain(orgName);
    expect(svg).toContain(user.id.slice(0, 8));
    expect(svg).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(svg).toMatch(/rotate\(-24 /);
    expect(await layer.getAttribute('data-watermark')).toContain(orgName);

    // Tamper resistance: removed, hidden or restyled, it is back at once.
    await page.evaluate(() => document.querySelector('[data-testid="watermark"]')!.remove());
    await expect.poll(() => layer.count()).toBe(1);
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="watermark"]')!;
      el.style.setProperty('display', 'none', 'important');
      el.setAttribute('hidden', '');
    });
    await expect.poll(() => layer.evaluate((el) => getComputedStyle(el).display)).toBe('block');
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '[data-testid="watermark"] { display: none !important; opacity: 0 !important; background: none !important; }';
      document.head.appendChild(style);
    });
    expect(await layer.evaluate((el) => [getComputedStyle(el).display, getComputedStyle(el).opacity])).toEqual(['block', '1']);
    expect(await watermarkSvg(page)).toContain(user.email);

    await page.mouse.move(0, 0);
    const withMark = await page.screenshot({ path: join(shotDir, 'watermark-workbench.png') });

    // The same page with the layer removed by script (its guard disabled first), for comparison.
    const bare = await context.newPage();
    await bare.addInitScript(() => {
      window.MutationObserver = class {
        observe() {}
        disconnect() {}
        takeRecords() {
          return [];
        }
      } as unknown as typeof MutationObserver;
    });
    await bare.goto(`${base}/projects/${projectId}/annotate`);
    await bare.getByTestId('workbench-text').waitFor();
    await bare.getByTestId('workbench-text').click();
    await bare.evaluate(() => {
      document.querySelector('[data-testid="watermark"]')?.remove();
      const style = document.createElement('style');
      style.textContent = '* { caret-color: transparent !important; }';
      document.head.appendChild(style);
    });
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '* { caret-color: transparent !important; }';
      document.head.appendChild(style);
    });
    expect(await bare.getByTestId('watermark').count()).toBe(0);
    await bare.mouse.move(0, 0);
    const withoutMark = await bare.screenshot({ path: join(shotDir, 'watermark-removed.png') });
    const again = await page.screenshot();

    const diff = await pixelDiff(bare, again, withoutMark);
    // Tiled: every part of the screen carries it. Faint: few pixels change, and none by much.
    expect(diff.cells.every((n) => n > 200), `differing pixels per cell: ${diff.cells.join(', ')}`).toBe(true);
    expect(diff.fraction).toBeGreaterThan(0.01);
    expect(diff.fraction).toBeLessThan(0.35);
    expect(diff.maxDelta).toBeGreaterThan(10);
    expect(diff.strong, `max delta ${diff.maxDelta}`).toBeLessThan(0.002);
    // The saved screenshot is the one with the watermark, as written to disk.
    expect(readFileSync(join(shotDir, 'watermark-workbench.png')).equals(withMark)).toBe(true);
    await bare.close();

    // The access audit page (the demo user is an owner): the claim the workbench made, with its address, under the watermark too.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-filter-action').fill('task.*');
    await page.getByTestId('audit-search').click();
    const claim = page.getByTestId('audit-row').filter({ hasText: 'task.claim' }).first();
    await claim.waitFor();
    expect(await claim.textContent()).toContain('127.0.0.1');
    expect(await page.getByTestId('audit-export').getAttribute('href')).toMatch(/^\/api\/v1\/audit\/export\?action=task\.\*&org=[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('watermark').count()).toBe(1);
    await page.screenshot({ path: join(shotDir, 'watermark-audit.png'), fullPage: true });

    // Signing out takes the layer away with the session.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
    expect(await page.getByTestId('watermark').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
