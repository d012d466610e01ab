// `npm run bench`: the performance budgets, measured side by side in one run, each
// against its floor, printed as one table (a Markdown table, so it can go in the README).
//
//   Bundle     the app's initial JS+CSS (what index.html loads), gzipped, against a bare
//              page built by the same Vite config on the same libraries (scripts/bench-floor/).
//   Ready      headless Chromium, app opened directly (External Link style, with
//              access_token and host) so the portal page's own load is not counted: from
//              navigation to the ticket buttons in the DOM, the simulated DeskDirector
//              answering after 100 ms; against the bare page's first render + one 100 ms trip.
//   Proxy      POST /api/escalations, one at a time, against the same upstream calls made
//              directly (DD me, DD ticket, Directly saveQuestion); then concurrent load,
//              zero errors required, the token-check cache's hit ratio, and the proxy
//              process's peak RSS.
//
// The proxy runs as deployed, by its real entry (server/node.ts) in a process of its own;
// the simulators run in another (scripts/bench-sims.ts). Loopback only; bounded counts and time.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { endpointPath, type DdTicket } from '../common/deskdirector-api.ts';
import { buildQuestion, defaultExpertMapping } from '../common/escalation.ts';
import { APP_HEADER, HOST_HEADER } from '../common/proxy-api.ts';
import { encodeSaveQuestion } from '../server/directly.ts';
import { launchBrowser } from './browser.ts';
import type { BenchSimsOptions, BenchSimsReady, BenchSimsRequest } from './bench-sims.ts';
import { BUNDLE_BUDGET, buildInto, FLOOR_ROOT, initialBundle, ROOT } from './bundle-size.ts';

const DD_LATENCY_MS = 100;
const READY_BUDGET = 1.3;
const OVERHEAD_BUDGET_MS = 1;
const PAGE_RUNS = 9;
const SEQ_WARMUP = 50;
const SEQ_RUNS = 400;
const LOAD_CONCURRENCY = 16;
const LOAD_MAX_OPS = 2_000;
const LOAD_MAX_MS = 8_000;

const started = performance.now();
const say = (line: string) => process.stderr.write(`${line}\n`);

// ---------- helpers ----------

const median = (xs: number[]) => percentile(xs, 0.5);
function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (x: number, digits = 0) => `${x.toFixed(digits)} ms`;
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const times = (r: number) => `${r.toFixed(2)}×`;

type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

interface StackHandle extends Omit<BenchSimsReady, 'type' | 'proxyEnv'> {
  appOrigin: string;
  /** The simulated Directly's token, for the bench's direct calls. */
  directlyToken: string;
  /** The proxy's process (server/node.ts). */
  proxyPid: number;
  /** Asks the simulators' process. */
  ask<T>(req: Unsent<BenchSimsRequest>): Promise<T>;
  stop(): Promise<void>;
}

/** A free loopback port, so the simulators can be told the proxy's origin before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Ends a child process, killing it if it has not exited within 5 s. */
async function ended(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  ask();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The deployed shape on loopback: the simulators in one child process
 * (scripts/bench-sims.ts), the proxy in another, started by its real entry
 * (server/node.ts, production logging included) with the settings an admin would give.
 */
async function startStack(opts: { ddLatencyMs: number; staticDir: string; dataDir: string }): Promise<StackHandle> {
  const port = await freePort();
  const appOrigin = `http://127.0.0.1:${port}`;
  const sims = fork(join(ROOT, 'scripts', 'bench-sims.ts'), [JSON.stringify({ ddLatencyMs: opts.ddLatencyMs, appOrigin } satisfies BenchSimsOptions)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (body: unknown) => void>();
  let nextId = 1;
  const ready = await new Promise<BenchSimsReady>((resolve, reject) => {
    sims.once('exit', (code) => reject(new Error(`bench simulators exited (${code})`)));
    sims.on('message', (raw) => {
      const m = raw as BenchSimsReady | { id: number; body: unknown };
      if ('type' in m && m.type === 'ready') resolve(m);
      else if ('id' in m) {
        pending.get(m.id)?.(m.body);
        pending.delete(m.id);
      }
    });
  });
  sims.removeAllListeners('exit');

  const proxy = spawn(process.execPath, [join(ROOT, 'server', 'node.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      ...ready.proxyEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: opts.dataDir,
      STATIC_DIR: opts.staticDir,
      // One bench user sends thousands of requests: the limits stay on, just out of reach.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      // Where the time goes inside the proxy, per escalation (see server/timing.ts).
      SERVER_TIMING: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its JSON logs are read (a full pipe would stall it) and the tail kept for errors.
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
  proxy.stdout.on('data', keep);
  proxy.stderr.on('data', keep);
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (proxy.exitCode !== null) throw new Error(`the proxy exited (${proxy.exitCode}):\n${output}`);
    const up = await fetch(`${appOrigin}/api/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (performance.now() > deadline) throw new Error(`the proxy did not start within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    appOrigin,
    ddOrigin: ready.ddOrigin,
    directlyOrigin: ready.directlyOrigin,
    token: ready.token,
    directlyToken: ready.proxyEnv.DIRECTLY_API_TOKEN!,
    proxyPid: proxy.pid!,
    ask: <T>(req: Unsent<BenchSimsRequest>) =>
      new Promise<T>((res) => {
        const id = nextId++;
        pending.set(id, res as (body: unknown) => void);
        sims.send({ ...req, id });
      }),
    stop: async () => {
      await ended(proxy, () => proxy.kill('SIGTERM'));
      await ended(sims, () => sims.send({ type: 'stop', id: nextId++ }));
    },
  };
}

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
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

interface Timed {
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
  const path = u.pathname.replace(/^\/api\/v2\//, 'dd:').replace(/^\/api\//, 'proxy:').replace(/^\/assets\/(.+)-[\w-]{8}\./, '$1.');
  return path === '/' ? 'document' : path;
};

interface PageLoad {
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

function readRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 20 ms until stopped; returns the peak. */
function rssSampler(pid: number): { stop: () => number } {
  let peak = readRss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, readRss(pid))), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, readRss(pid));
    },
  };
}

interface LoadResult {
  ok: number;
  errors: number;
  firstError: string | null;
  perSecond: number;
  p50: number;
  p99: number;
  seconds: number;
}

/** `concurrency` workers, each running `op` back to back, until `maxOps` ran or `maxMs` passed. */
async function runLoad(concurrency: number, maxOps: number, maxMs: number, op: (i: number) => Promise<void>): Promise<LoadResult> {
  let next = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= maxOps || performance.now() >= deadline) return;
      const s = performance.now();
      try {
        await op(i);
        ok++;
        latencies.push(performance.now() - s);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { ok, errors, firstError, perSecond: ok / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), seconds };
}

// ---------- 1. bundle ----------

say('building the app and the floor with vite.config.ts…');
const appBuild = await buildInto(ROOT, 'bench-app');
const floorBuild = await buildInto(FLOOR_ROOT, 'bench-floor');
const dataDir = mkdtempSync(join(tmpdir(), 'dd-directly-bench-ledger-'));
const pageDataDir = mkdtempSync(join(tmpdir(), 'dd-directly-bench-pages-'));
// Temp dirs go however the bench ends (a failure included).
process.on('exit', () => {
  appBuild.remove();
  floorBuild.remove();
  for (const dir of [dataDir, pageDataDir]) rmSync(dir, { recursive: true, force: true });
});
const appBundle = initialBundle(appBuild.outDir);
const floorBundle = initialBundle(floorBuild.outDir);
const bundleRatio = appBundle.gzipBytes / floorBundle.gzipBytes;

// ---------- 2. ready time ----------

say(`page loads in Chromium, DeskDirector answering after ${DD_LATENCY_MS} ms…`);
const pageStack = await startStack({ ddLatencyMs: DD_LATENCY_MS, staticDir: appBuild.outDir, dataDir: pageDataDir });
const floorServer = await serveDir(floorBuild.outDir);
const browser = await launchBrowser();
const appLoads: PageLoad[] = [];
const floorLoads: PageLoad[] = [];
let chromium = '';
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
const appReady = median(appLoads.map((l) => l.readyMs));
const floorRender = median(floorLoads.map((l) => l.readyMs));
const readyFloor = floorRender + DD_LATENCY_MS;
const readyRatio = appReady / readyFloor;
const medianLoad = [...appLoads].sort((a, b) => a.readyMs - b.readyMs)[Math.floor(appLoads.length / 2)]!;
const formMs = median(appLoads.map((l) => l.ticket!.formMs));
/** The API calls the first screen waited for, if it made any (the proxy usually writes its data into the page). */
const apiBeforeReady = () => {
  const loads = appLoads.filter((l) => Number.isFinite(l.lastApiBeforeReadyMs));
  if (loads.length === 0) return 'no API request before the list was drawn (its data came with the page)';
  return `in ${loads.length} of ${appLoads.length} loads the list waited for an API call: first started ${ms(median(loads.map((l) => l.firstApiMs)))}, last answered ${ms(median(loads.map((l) => l.lastApiBeforeReadyMs)))}`;
};
const chainNames = (c: Timed[]) => c.map((t) => t.name).join(' → ');
/** Requests seen more often than there were loads (one load's list per run). */
const duplicates = (all: string[]) => {
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > appLoads.length).map(([r]) => r).join(', ');
};

// ---------- 3. proxy latency, throughput, memory ----------

say('proxy: sequential escalations, then concurrent load…');
const proxyStack = await startStack({ ddLatencyMs: 0, staticDir: appBuild.outDir, dataDir });
let seq: { proxy: number[]; direct: number[] };
let directLoad: LoadResult;
let proxyLoad: LoadResult;
let rssIdle: number;
let rssProxy: number;
let upstreamPerEscalation: string;
let meCallsUnderLoad: number;
/** Server-Timing spans of the measured one-at-a-time escalations, by name. */
const spans = new Map<string, number[]>();
try {
  const needed = 2 * (SEQ_WARMUP + SEQ_RUNS) + 2 * LOAD_MAX_OPS;
  const tickets = await proxyStack.ask<DdTicket[]>({ type: 'addTickets', count: needed });
  let taken = 0;
  const take = () => tickets[taken++]!;
  const { appOrigin, ddOrigin, directlyOrigin, token, directlyToken } = proxyStack;
  const proxyHeaders = { authorization: `DdAccessToken ${token}`, [HOST_HEADER]: ddOrigin, [APP_HEADER]: 'portal', 'content-type': 'application/json' };
  const ddHeaders = { authorization: `DdAccessToken ${token}` };
  const asker = { fullname: 'Alice Nguyen', emailAddress: 'alice@northwind.example' };
  const draftOf = (t: DdTicket) => ({ subject: t.summary.slice(0, 150), text: t.description ?? '' });

  /** What the page sends: one escalation, with its Idempotency-Key. */
  const viaProxy = async (t: DdTicket) => {
    const res = await fetch(`${appOrigin}/api/escalations`, {
      method: 'POST',
      headers: { ...proxyHeaders, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ticketId: t.id, ...draftOf(t) }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`proxy answered ${res.status}: ${body.slice(0, 200)}`);
    return res.headers.get('server-timing') ?? '';
  };
  /** The floor: the same three upstream calls, made directly, one after the other. */
  const directBody = (t: DdTicket) => encodeSaveQuestion(buildQuestion({ ticket: t, host: ddOrigin, asker, draft: draftOf(t), mapping: defaultExpertMapping, instances: 1 })).toString();
  const direct = async (t: DdTicket, form: string) => {
    for (const path of [endpointPath('portalMe'), endpointPath('portalTicket', { ticketId: t.id })]) {
      const res = await fetch(`${ddOrigin}${path}`, { headers: ddHeaders });
      if (!res.ok) throw new Error(`DeskDirector answered ${res.status}`);
      await res.json();
    }
    const res = await fetch(`${directlyOrigin}/helpDesk/saveQuestion`, {
      method: 'POST',
      headers: { ApiToken: directlyToken, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    if (!res.ok) throw new Error(`Directly answered ${res.status}`);
    await res.json();
  };
  const timed = async (run: () => Promise<void>) => {
    const s = performance.now();
    await run();
    return performance.now() - s;
  };

  rssIdle = readRss(proxyStack.proxyPid);
  const callsBefore = await proxyStack.ask<{ dd: Record<string, number>; directlySaves: number }>({ type: 'calls' });
  for (let i = 0; i < SEQ_WARMUP; i++) {
    await viaProxy(take());
    const t = take();
    await direct(t, directBody(t));
  }
  const callsAfterWarmup = await proxyStack.ask<{ dd: Record<string, number>; directlySaves: number }>({ type: 'calls' });
  seq = { proxy: [], direct: [] };
  // Interleaved, so both see the same machine.
  for (let i = 0; i < SEQ_RUNS; i++) {
    const p = take();
    let serverTiming = '';
    seq.proxy.push(await timed(async () => void (serverTiming = await viaProxy(p))));
    for (const [, name, ms] of serverTiming.matchAll(/(\w+);dur=([\d.]+)/g)) (spans.get(name!) ?? spans.set(name!, []).get(name!)!).push(Number(ms));
    const d = take();
    const form = directBody(d);
    seq.direct.push(await timed(() => direct(d, form)));
  }
  // Upstream calls the proxy made per escalation (the warm-up's direct calls subtracted out).
  const diff = (k: string) => (callsAfterWarmup.dd[k] ?? 0) - (callsBefore.dd[k] ?? 0) - SEQ_WARMUP;
  upstreamPerEscalation = `DD me ${(diff('Portal current user') / SEQ_WARMUP).toFixed(2)}, DD ticket ${(diff('Portal ticket details') / SEQ_WARMUP).toFixed(2)}, Directly save ${((callsAfterWarmup.directlySaves - callsBefore.directlySaves - SEQ_WARMUP) / SEQ_WARMUP).toFixed(2)}`;

  const directTickets = Array.from({ length: LOAD_MAX_OPS }, () => take());
  const directForms = directTickets.map(directBody);
  directLoad = await runLoad(LOAD_CONCURRENCY, LOAD_MAX_OPS, LOAD_MAX_MS, (i) => direct(directTickets[i]!, directForms[i]!));
  const proxyTickets = Array.from({ length: LOAD_MAX_OPS }, () => take());
  const callsBeforeLoad = await proxyStack.ask<{ dd: Record<string, number> }>({ type: 'calls' });
  const sampler = rssSampler(proxyStack.proxyPid);
  proxyLoad = await runLoad(LOAD_CONCURRENCY, LOAD_MAX_OPS, LOAD_MAX_MS, async (i) => void (await viaProxy(proxyTickets[i]!)));
  rssProxy = sampler.stop();
  const callsAfterLoad = await proxyStack.ask<{ dd: Record<string, number> }>({ type: 'calls' });
  meCallsUnderLoad = (callsAfterLoad.dd['Portal current user'] ?? 0) - (callsBeforeLoad.dd['Portal current user'] ?? 0);
} finally {
  await proxyStack.stop();
}

// ---------- the table ----------

const p50 = { proxy: median(seq.proxy), direct: median(seq.direct) };
const p99 = { proxy: percentile(seq.proxy, 0.99), direct: percentile(seq.direct, 0.99) };
const overhead50 = p50.proxy - p50.direct;
const overhead99 = p99.proxy - p99.direct;
const verdict = (pass: boolean) => (pass ? 'ok' : '**over**');

const rows: string[][] = [
  ['figure', 'measured', 'floor', 'ratio', 'target', ''],
  [
    'Bundle: initial JS+CSS, gzip',
    `${kB(appBundle.gzipBytes)} (${appBundle.assets.length} files)`,
    `${kB(floorBundle.gzipBytes)}: bare page, same libs, same Vite config`,
    times(bundleRatio),
    `≤ ${BUNDLE_BUDGET}×`,
    verdict(bundleRatio <= BUNDLE_BUDGET),
  ],
  [
    `Ready: ticket buttons drawn, DD ${DD_LATENCY_MS} ms (median of ${PAGE_RUNS})`,
    ms(appReady),
    `${ms(readyFloor)}: bare first render ${ms(floorRender)} + ${DD_LATENCY_MS} ms`,
    times(readyRatio),
    `≤ ${READY_BUDGET}×`,
    verdict(readyRatio <= READY_BUDGET),
  ],
  [
    'Sequential round trips (longest chain)',
    `${medianLoad.chainToReady.length} to ready, ${medianLoad.chainAll.length} in all`,
    `${floorLoads[0]!.chainAll.length}: ${chainNames(floorLoads[0]!.chainAll)}`,
    '',
    '',
    '',
  ],
  [
    `Escalation p50, one at a time (n=${SEQ_RUNS})`,
    ms(p50.proxy, 2),
    `${ms(p50.direct, 2)}: DD me + DD ticket + Directly save, direct`,
    times(p50.proxy / p50.direct),
    `overhead < ${OVERHEAD_BUDGET_MS} ms: ${overhead50 >= 0 ? '+' : ''}${ms(overhead50, 2)}`,
    verdict(overhead50 < OVERHEAD_BUDGET_MS),
  ],
  [`Escalation p99, one at a time`, ms(p99.proxy, 2), ms(p99.direct, 2), times(p99.proxy / p99.direct), `overhead ${overhead99 >= 0 ? '+' : ''}${ms(overhead99, 2)}`, ''],
  [
    `Throughput, ${LOAD_CONCURRENCY} concurrent escalations`,
    `${proxyLoad.perSecond.toFixed(0)}/s, ${proxyLoad.ok} in ${proxyLoad.seconds.toFixed(1)} s, ${proxyLoad.errors} errors (p50 ${ms(proxyLoad.p50, 1)}, p99 ${ms(proxyLoad.p99, 1)})`,
    `${directLoad.perSecond.toFixed(0)}/s direct call chains, ${directLoad.errors} errors (p50 ${ms(directLoad.p50, 1)})`,
    times(proxyLoad.perSecond / directLoad.perSecond),
    '0 errors',
    verdict(proxyLoad.errors === 0 && directLoad.errors === 0),
  ],
  [
    'Token-check cache hit ratio under that load',
    `${(100 * (1 - meCallsUnderLoad / (proxyLoad.ok + proxyLoad.errors))).toFixed(1)} %`,
    `${meCallsUnderLoad} DeskDirector current-user calls for ${proxyLoad.ok + proxyLoad.errors} requests`,
    '',
    '',
    '',
  ],
  [
    'Peak RSS under that load (proxy process)',
    MB(rssProxy),
    `${MB(rssIdle)}: the same process idle after start`,
    times(rssProxy / rssIdle),
    '',
    '',
  ],
];

const spanNames: Record<string, string> = {
  caller: 'caller check',
  ticket: 'DeskDirector ticket read',
  key: 'Idempotency-Key claim',
  reserve: 'ledger reserve',
  directly: 'Directly saveQuestion',
  record: 'ledger record (open + note queued + key answered + draft dropped)',
  app: 'whole handler',
};
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, Chromium ${chromium}`;
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const out = [
  `Machine: ${machine}`,
  '',
  line(rows[0]!),
  line(rows[0]!.map(() => '---')),
  ...rows.slice(1).map(line),
  '',
  `Initial files: ${appBundle.assets.map((a) => `${a.file} ${kB(a.gzipBytes)}`).join(', ')}; floor: ${floorBundle.assets.map((a) => `${a.file} ${kB(a.gzipBytes)}`).join(', ')}.`,
  `Where the time goes (medians): document's first byte ${ms(median(appLoads.map((l) => l.documentStartMs)))} (floor ${ms(median(floorLoads.map((l) => l.documentStartMs)))}), its last byte ${ms(median(appLoads.map((l) => l.documentMs)))} (floor ${ms(median(floorLoads.map((l) => l.documentMs)))}), its JS and CSS ${ms(median(appLoads.map((l) => l.assetsMs)))} (floor ${ms(median(floorLoads.map((l) => l.assetsMs)))}), DOMContentLoaded ${ms(median(appLoads.map((l) => l.dclMs)))} (floor ${ms(median(floorLoads.map((l) => l.dclMs)))}), ${apiBeforeReady()}, ticket buttons ${ms(appReady)}.`,
  `Chain to ready (median run): ${chainNames(medianLoad.chainToReady)}; in all: ${chainNames(medianLoad.chainAll)}.`,
  `Requests on load: ${medianLoad.requests.join(', ')} (asked twice: ${duplicates(appLoads.flatMap((l) => l.requests)) || 'none'}); CORS preflights: ${medianLoad.preflights.join(', ') || 'none'} (the simulator answers preflights at once; a real instance takes a round trip for each).`,
  `Open the first ticket: form drawn ${ms(formMs)} after the click (median); chain: ${chainNames(medianLoad.ticket!.chain)}; requests: ${medianLoad.ticket!.requests.join(', ')}; back to the list: ${medianLoad.ticket!.backRequests.join(', ') || 'no requests'}.`,
  `Upstream calls per escalation through the proxy: ${upstreamPerEscalation}.`,
  `Inside the proxy, one escalation at a time (Server-Timing medians): ${[...spans].map(([name, xs]) => `${spanNames[name] ?? name} ${ms(median(xs), 2)}`).join(', ')}. The ticket read and the key claim overlap; the rest run in turn. The ledger's two writes (reserve, record) are ${ms(median(spans.get('reserve') ?? [NaN]) + median(spans.get('record') ?? [NaN]), 2)} of the ${ms(overhead50, 2)} overhead.`,
  ...(proxyLoad.firstError ? [`First proxy error under load: ${proxyLoad.firstError}`] : []),
  ...(directLoad.firstError ? [`First direct error under load: ${directLoad.firstError}`] : []),
  `Bench took ${((performance.now() - started) / 1000).toFixed(0)} s. The proxy ran as deployed (server/node.ts, JSON logs at info, outbox on, ledger in PGlite on disk in a temp dir), in its own process; the simulators in another (scripts/bench-sims.ts).`,
];
process.stdout.write(`${out.join('\n')}\n`);
