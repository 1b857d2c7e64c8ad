/**
 * The server, browser and signed-in owner most browser tests start with, set up once per test file:
 * `const app = useE2eApp('huge-image')` inside a `describe` registers the beforeAll/afterAll, and the
 * tests call `app()` for the running pieces. Without Chromium (and CI not set) nothing starts, and
 * `signedInPage` fails with how to install it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, DEMO, distDir, ensureWebBuild, haveBrowser, loginUi, shotDir, type ApiCaller } from './e2e-support.js';

export interface E2eApp {
  url: string;
  browser: Browser;
  /** Signed in as the demo owner. */
  request: APIRequestContext;
  owner: ApiCaller;
  dataDir: string;
  /** A new browser context signed in through the login page, with page errors collected; `base` is `url`. */
  signedInPage(who?: { email: string; password: string }): Promise<{ base: string; page: Page; context: BrowserContext; errors: string[] }>;
  /** Saves a screenshot under the shared screenshots folder. */
  shot(page: Page, name: string, fullPage?: boolean): Promise<Buffer>;
}

/** `setup` runs once the app is up (adding members the tests sign in as, for example). */
export function useE2eApp(name: string, setup?: (app: E2eApp) => Promise<void>): () => E2eApp {
  let app: E2eApp | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let request: APIRequestContext | undefined;
  let dataDir = '';

  beforeAll(async () => {
    if (!haveBrowser) return; // each test fails with the reason (signedInPage)
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), `yungang-e2e-${name}-`));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    request = await playwrightRequest.newContext();
    expect((await request.post(`${server.url}/api/v1/auth/login`, { data: DEMO })).status()).toBe(200);
    const owner = await apiAs(request, server.url);
    const [b, r, url] = [browser, request, server.url];
    app = {
      url,
      browser: b,
      request: r,
      owner,
      dataDir,
      async signedInPage(who = DEMO) {
        const context = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await loginUi(page, url, who.email, who.password);
        return { base: url, page, context, errors };
      },
      shot: (page, file, fullPage = false) => page.screenshot({ path: join(shotDir, `${file}.png`), fullPage }),
    };
    await setup?.(app);
  });

  afterAll(async () => {
    await request?.dispose();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!app) throw new Error('the e2e app did not start (see the beforeAll error)');
    return app;
  };
}
