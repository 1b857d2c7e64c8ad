/**
 * Shared pieces of the browser tests: where things are, a web build that is never stale, Chromium's
 * launch options, an authenticated API helper for setting up and checking data, and mouse selection.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import type { APIRequestContext, Page } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const webDir = join(root, 'packages', 'web');
export const distDir = join(webDir, 'dist');
export const shotDir = join(root, '.tmp', 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(chromiumPath);
/** Video and audio tests need Debian's ffmpeg too (CI installs it; elsewhere they skip with a warning). */
export const haveFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (!haveFfmpeg && process.env.CI !== 'true') console.warn('[yungang e2e] ffmpeg is not installed: skipping the audio and video tests (Debian: apt-get install ffmpeg).');
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const DEMO = { email: 'demo@yungang.local', password: 'yungang-demo' };

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'node_modules' && name !== 'dist') newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** dist/ exists and is newer than every source it is built from (the web app and core, which it bundles). */
function buildIsFresh(): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return false;
  const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts'), join(root, 'packages', 'core', 'src')];
  return statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the web app when dist/ is missing or older than its sources, so a browser test never runs
 * yesterday's UI. Test files run in parallel: a lock directory lets one build while the others wait.
 */
export async function ensureWebBuild(): Promise<void> {
  if (buildIsFresh()) return;
  const lock = join(root, '.tmp', 'web-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is cleared after five minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      if (buildIsFresh()) return;
    }
  }
  try {
    if (!buildIsFresh()) execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Code-point offsets of `entity` in `text`. */
export function cpSpan(text: string, entity: string): { start: number; end: number } {
  const u16 = text.indexOf(entity);
  const start = [...text.slice(0, u16)].length;
  return { start, end: start + [...entity].length };
}

/** Drags the real mouse across `entity` inside the workbench text. */
export async function mouseSelect(page: Page, entity: string): Promise<void> {
  const box = await page.getByTestId('workbench-text').evaluate((el, wanted) => {
    const full = el.textContent ?? '';
    const at = full.indexOf(wanted);
    if (at < 0) throw new Error(`"${wanted}" not in "${full}"`);
    // Find the text node and offset of UTF-16 position `pos` among the segments (data-o = segment start).
    const locate = (pos: number): [Node, number] => {
      for (const seg of Array.from(el.children)) {
        const start = Number(seg.getAttribute('data-o'));
        const node = seg.firstChild;
        if (node && pos >= start && pos < start + (node.textContent ?? '').length) return [node, pos - start];
      }
      throw new Error(`no text at ${pos}`);
    };
    const rectOf = (pos: number) => {
      const [node, offset] = locate(pos);
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getBoundingClientRect();
    };
    const first = rectOf(at);
    const last = rectOf(at + wanted.length - 1);
    return { x1: first.left + 2, y1: first.top + first.height / 2, x2: last.right - 2, y2: last.top + last.height / 2 };
  }, entity);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, box.y2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/** Keyboard: caret to the text's start, past `skip` code points, then Shift+Arrow across `length` of them. */
export async function keyboardSelect(page: Page, skip: number, length: number): Promise<void> {
  await page.getByTestId('workbench-text').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < skip; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
}

export interface ApiCaller {
  orgId: string;
  userId: string;
  /** CSRF token and organisation, for requests made without `call` (multipart uploads). */
  headers: Record<string, string>;
  call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/**
 * The API as the signed-in user of `request` (a page's or a standalone request context): reads the
 * CSRF token and organisation from /auth/me and sends them, as the web app does.
 */
export async function apiAs(request: APIRequestContext, base: string): Promise<ApiCaller> {
  const meResponse = await request.get(`${base}/api/v1/auth/me`);
  if (meResponse.status() !== 200) throw new Error(`/auth/me answered ${meResponse.status()}`);
  const me = (await meResponse.json()) as { user: { id: string }; orgs: { id: string }[]; csrfToken: string };
  const orgId = me.orgs[0]?.id ?? '';
  const headers = { 'X-CSRF-Token': me.csrfToken, 'X-Org-Id': orgId };
  return {
    orgId,
    userId: me.user.id,
    headers,
    async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
      const response = await request.fetch(`${base}/api/v1${path}`, {
        method,
        headers: { ...headers, Accept: 'application/json' },
        ...(body === undefined ? {} : { data: body }),
      });
      const text = await response.text();
      return { status: response.status(), body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

/** Signs in through the login page and waits for the project list. */
export async function loginUi(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-projects').waitFor();
}

/** An RGB colour, 0..255 per channel. */
export type Rgb = [number, number, number];

/** A truecolour PNG of `width` × `height` whose pixels `paint` gives, as a data: URL (image fields accept them). */
export function pngDataUrl(width: number, height: number, paint: (x: number, y: number) => Rgb): string {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // truecolour RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0
    for (let x = 0; x < width; x++) rows.set(paint(x, y), row + 1 + x * 3);
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}
