// The Proxy figures: POST /api/escalations/:ticketId one at a time against the same upstream calls
// made directly (DD me, DD ticket, Directly saveQuestion); then concurrent load, the
// token-check cache's hit ratio, and the proxy process's peak RSS.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { APP_HEADER, HOST_HEADER } from '../../common/contract.ts';
import { defaultProfile, endpointPath } from '../../server/profile/profile.ts';
import { ddEndpointNames, type DdTicket } from '../../common/deskdirector.ts';
import { defaultExpertMapping } from '../../common/expert-mapping.ts';
import { buildQuestion } from '../../common/directly-question.ts';
import { encodeSaveQuestion } from '../../server/upstreams/directly.ts';
import { startStack, type StackHandle } from './stack.ts';
import { percentile } from './stats.ts';

// Escalations through the proxy (and as many direct) before any is measured. V8 compiles the
// path's code in tiers as it runs: in blocks of 200 pairs from a fresh start, four series
// gave a p50 overhead of 1.4-1.9 ms over the first 600 and 0.9-1.5 ms from then on
// (docs/performance.md). A deployed proxy runs for weeks; its steady state is what this
// figure is for, so the first 800 are not measured.
const SEQ_WARMUP = 800;
export const SEQ_RUNS = Number(process.env.BENCH_SEQ_RUNS ?? 400);
export const LOAD_CONCURRENCY = 16;
const LOAD_MAX_OPS = Number(process.env.BENCH_LOAD_OPS ?? 2_000);
const LOAD_MAX_MS = 8_000;

function readRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used, in ms: robust where wall times suffer from a busy machine. */
function readCpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
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

export interface LoadResult {
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

/** The two ways to escalate one ticket: through the proxy, and the floor's direct calls. */
function escalators(stack: StackHandle) {
  const { appOrigin, ddOrigin, directlyOrigin, token, directlyToken } = stack;
  const proxyHeaders = { authorization: `DdAccessToken ${token}`, [HOST_HEADER]: ddOrigin, [APP_HEADER]: 'portal', 'content-type': 'application/json' };
  const ddHeaders = { authorization: `DdAccessToken ${token}` };
  const asker = { fullname: 'Alice Nguyen', emailAddress: 'alice@northwind.example' };
  const draftOf = (t: DdTicket) => ({ subject: t.summary.slice(0, 150), text: t.description ?? '' });

  /** What the page sends: one escalation, with its Idempotency-Key. */
  const viaProxy = async (t: DdTicket) => {
    const res = await fetch(`${appOrigin}/api/escalations/${t.id}`, {
      method: 'POST',
      headers: { ...proxyHeaders, 'idempotency-key': randomUUID() },
      body: JSON.stringify(draftOf(t)),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`proxy answered ${res.status}: ${body.slice(0, 200)}`);
    return res.headers.get('server-timing') ?? '';
  };
  /** The floor: the same three upstream calls, made directly, one after the other. */
  const directBody = (t: DdTicket) =>
    encodeSaveQuestion(buildQuestion({ ticket: t, host: ddOrigin, asker, draft: draftOf(t), mapping: defaultExpertMapping, instances: 1 })).toString();
  const direct = async (t: DdTicket, form: string) => {
    for (const path of [endpointPath(defaultProfile, 'portalMe'), endpointPath(defaultProfile, 'portalTicket', t.id)]) {
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
  return { viaProxy, directBody, direct };
}

const timed = async (run: () => Promise<void>) => {
  const s = performance.now();
  await run();
  return performance.now() - s;
};

export interface ProxyFigures {
  seq: { proxy: number[]; direct: number[] };
  directLoad: LoadResult;
  proxyLoad: LoadResult;
  rssIdle: number;
  rssProxy: number;
  /** The proxy's CPU time per escalation under the concurrent load. */
  cpuMsPerEscalation: number;
  upstreamPerEscalation: string;
  meCallsUnderLoad: number;
  /** Server-Timing spans of the measured one-at-a-time escalations, by name. */
  spans: Map<string, number[]>;
}

export async function measureProxy(opts: { appDir: string; dataDir: string; databaseUrl?: string | undefined }): Promise<ProxyFigures> {
  const proxyStack = await startStack({ ddLatencyMs: 0, staticDir: opts.appDir, dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  try {
    return await measure(proxyStack);
  } finally {
    await proxyStack.stop();
  }
}

async function measure(proxyStack: StackHandle): Promise<ProxyFigures> {
  const spans = new Map<string, number[]>();
  const needed = 2 * (SEQ_WARMUP + SEQ_RUNS) + 2 * LOAD_MAX_OPS;
  const tickets = await proxyStack.ask<DdTicket[]>({ type: 'addTickets', count: needed });
  let taken = 0;
  const take = () => tickets[taken++]!;
  const { viaProxy, directBody, direct } = escalators(proxyStack);

  // At rest: started, listening, nothing asked of it yet.
  await new Promise((r) => setTimeout(r, 1_000));
  const rssIdle = readRss(proxyStack.proxyPid);
  const callsBefore = await proxyStack.ask<{ dd: Record<string, number>; directlySaves: number }>({ type: 'calls' });
  for (let i = 0; i < SEQ_WARMUP; i++) {
    await viaProxy(take());
    const t = take();
    await direct(t, directBody(t));
  }
  const callsAfterWarmup = await proxyStack.ask<{ dd: Record<string, number>; directlySaves: number }>({ type: 'calls' });
  const seq: ProxyFigures['seq'] = { proxy: [], direct: [] };
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
  const upstreamPerEscalation = `DD me ${(diff(ddEndpointNames.portalMe) / SEQ_WARMUP).toFixed(2)}, DD ticket ${(diff(ddEndpointNames.portalTicket) / SEQ_WARMUP).toFixed(2)}, Directly save ${((callsAfterWarmup.directlySaves - callsBefore.directlySaves - SEQ_WARMUP) / SEQ_WARMUP).toFixed(2)}`;

  const directTickets = Array.from({ length: LOAD_MAX_OPS }, () => take());
  const directForms = directTickets.map(directBody);
  const directLoad = await runLoad(LOAD_CONCURRENCY, LOAD_MAX_OPS, LOAD_MAX_MS, (i) => direct(directTickets[i]!, directForms[i]!));
  const proxyTickets = Array.from({ length: LOAD_MAX_OPS }, () => take());
  const callsBeforeLoad = await proxyStack.ask<{ dd: Record<string, number> }>({ type: 'calls' });
  const sampler = rssSampler(proxyStack.proxyPid);
  const cpuBefore = readCpuMs(proxyStack.proxyPid);
  const proxyLoad = await runLoad(LOAD_CONCURRENCY, LOAD_MAX_OPS, LOAD_MAX_MS, async (i) => void (await viaProxy(proxyTickets[i]!)));
  const rssProxy = sampler.stop();
  const cpuMsPerEscalation = (readCpuMs(proxyStack.proxyPid) - cpuBefore) / (proxyLoad.ok + proxyLoad.errors);
  const callsAfterLoad = await proxyStack.ask<{ dd: Record<string, number> }>({ type: 'calls' });
  const meCallsUnderLoad = (callsAfterLoad.dd[ddEndpointNames.portalMe] ?? 0) - (callsBeforeLoad.dd[ddEndpointNames.portalMe] ?? 0);
  return { seq, directLoad, proxyLoad, rssIdle, rssProxy, cpuMsPerEscalation, upstreamPerEscalation, meCallsUnderLoad, spans };
}
