// The Ready figure: cold loads in headless Chromium of the app (opened directly with
// access_token and host, so the portal page's own load is not counted) and of the bare
// floor page, each timed in the page from navigation start to its first useful element.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import { startStack } from './stack.ts';

export const DD_LATENCY_MS = 100;
export const PAGE_RUNS = 9;

/** The bare page, served from loopback with no caching. */
function serveDir(dir: string): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

export interface Timed {
  name: string;
  start: number;
  end: number;
}

/** More links wins; of two as long, the one that ends later (the one that held the page up). */
const longer = (a: Timed[], b: Timed[]) => a.length > b.length || (a.length === b.length && a.length > 0 && a.at(-1)!.end > b.at(-1)!.end);

/** Longest chain of requests where each starts only after the previous one ended. */
function longestChain(items: Timed[]): Timed[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const best: Timed[][] = [];
  sorted.forEach((r, i) => {
    let chain: Timed[] = [];
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= r.start && longer(best[j]!, chain)) chain = best[j]!;
    best[i] = [...chain, r];
  });
  return best.reduce<Timed[]>((a, b) => (longer(b, a) ? b : a), []);
}

const shortName = (url: string) => {
  const u = new URL(url);
  const path = u.pathname
    .replace(/^\/api\/v2\//, 'dd:')
    .replace(/^\/api\//, 'proxy:')
    .replace(/^\/assets\/(.+)-[\w-]{8}\./, '$1.');
  return path === '/' ? 'document' : path;
};

export interface PageLoad {
  readyMs: number;
  /** The document's first and last byte (the proxy streams it: the head at once, the first screen's data when DeskDirector has answered), and when the scripts and styles it loads had all arrived. */
  documentStartMs: number;
  documentMs: number;
  assetsMs: number;
  /** DOMContentLoaded: the document parsed and its module script run. */
  dclMs: number;
  /** When the first API call started, and when the last one needed before ready ended. */
  firstApiMs: number;
  lastApiBeforeReadyMs: number;
  chainToReady: Timed[];
  chainAll: Timed[];
  requests: string[];
  /** CORS preflights (OPTIONS), which only the browser's network layer shows. */
  preflights: string[];
  /** After the list is ready: a click on the first ticket until its form is drawn. */
  ticket?: { formMs: number; chain: Timed[]; requests: string[]; backRequests: string[] };
}

declare global {
  interface Window {
    __ready?: number;
    __clickAt?: number;
    __formAt?: number;
  }
}

/** One cold load (HTTP cache off) of `url`, timed in the page from navigation start to `selector` in the DOM. */
async function loadOnce(context: BrowserContext, url: string, selector: string, openTicket: boolean): Promise<PageLoad> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${shortName(r.url())}${new URL(r.url()).search ? '?…' : ''}`));
    const preflights: string[] = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method === 'OPTIONS') preflights.push(`OPTIONS ${shortName(e.request.url)}`);
    });
    await page.addInitScript((sel: string) => {
      const observer = new MutationObserver(() => {
        if (window.__ready === undefined && document.querySelector(sel)) {
          window.__ready = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url);
    await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        ready: window.__ready!,
        dcl: nav.domContentLoadedEventStart,
        items: [{ name: nav.name, start: nav.startTime, end: nav.responseEnd }, ...res.map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd }))],
        documentStart: nav.responseStart,
      };
    });
    const items = timing.items.map((t) => ({ ...t, name: shortName(t.name) }));
    const api = timing.items.filter((t) => new URL(t.name).pathname.startsWith('/api/'));
    const load: PageLoad = {
      readyMs: timing.ready,
      documentStartMs: timing.documentStart,
      documentMs: timing.items[0]!.end,
      assetsMs: Math.max(...timing.items.filter((t) => /^\/assets\/index-[\w-]+\.(js|css)$/.test(new URL(t.name).pathname)).map((t) => t.end)),
      dclMs: timing.dcl,
      firstApiMs: Math.min(...api.map((t) => t.start)),
      lastApiBeforeReadyMs: Math.max(...api.filter((t) => t.end <= timing.ready).map((t) => t.end)),
      chainToReady: longestChain(items.filter((t) => t.end <= timing.ready)),
      chainAll: longestChain(items),
      requests: [...requests],
      preflights: [...preflights],
    };
    if (openTicket) {
      const before = requests.length;
      await page.evaluate(() => {
        document.addEventListener('click', () => (window.__clickAt ??= performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (document.querySelector('form.escalation-form textarea')) {
            window.__formAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await page.click('button.ticket-row');
      await page.waitForFunction(() => window.__formAt !== undefined, null, { timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      const t = await page.evaluate(() => ({
        clickAt: window.__clickAt!,
        formAt: window.__formAt!,
        items: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd })),
      }));
      const afterClick = t.items.filter((i) => i.start >= t.clickAt && i.end <= t.formAt).map((i) => ({ ...i, name: shortName(i.name) }));
      const ticketRequests = requests.slice(before);
      // Back to the list at once: fresh data should be reused, not asked for again.
      const beforeBack = requests.length;
      await page.click('button.back');
      await page.waitForSelector('button.ticket-row');
      await page.waitForLoadState('networkidle');
      load.ticket = { formMs: t.formAt - t.clickAt, chain: longestChain(afterClick), requests: ticketRequests, backRequests: requests.slice(beforeBack) };
    }
    return load;
  } finally {
    await page.close();
  }
}

export interface PageLoads {
  app: PageLoad[];
  floor: PageLoad[];
  chromium: string;
}

/** PAGE_RUNS loads of each, interleaved, with the simulated DeskDirector answering after DD_LATENCY_MS. */
export async function measurePageLoads(opts: { appDir: string; floorDir: string; dataDir: string }): Promise<PageLoads> {
  const pageStack = await startStack({ ddLatencyMs: DD_LATENCY_MS, staticDir: opts.appDir, dataDir: opts.dataDir });
  const floorServer = await serveDir(opts.floorDir);
  const browser = await launchBrowser();
  const appLoads: PageLoad[] = [];
  const floorLoads: PageLoad[] = [];
  let chromium: string;
  try {
    const appUrl = `${pageStack.appOrigin}/?${new URLSearchParams({ access_token: pageStack.token, host: pageStack.ddOrigin })}`;
    const floorUrl = `${floorServer.origin}/`;
    // One unmeasured load of each: the browser's first page pays for starting its renderer.
    await loadOnce(browser.context, floorUrl, '#floor', false);
    await loadOnce(browser.context, appUrl, 'button.ticket-row', false);
    for (let i = 0; i < PAGE_RUNS; i++) {
      floorLoads.push(await loadOnce(browser.context, floorUrl, '#floor', false));
      appLoads.push(await loadOnce(browser.context, appUrl, 'button.ticket-row', true));
    }
    const probe = await browser.context.newPage();
    chromium = (await probe.evaluate(() => navigator.userAgent)).match(/Chrome\/([\d.]+)/)?.[1] ?? '?';
    await probe.close();
  } finally {
    await browser.close();
    floorServer.server.close();
    await pageStack.stop();
  }
  return { app: appLoads, floor: floorLoads, chromium };
}
