// The one table `npm run bench` prints (Markdown, so it can go in the README): each
// figure against its floor, then a few lines on where the time went.
import { cpus } from 'node:os';
import { relative } from 'node:path';
import { BUNDLE_BUDGET, ROOT, type InitialBundle } from '../bundle-size.ts';
import { DD_LATENCY_MS, PAGE_RUNS, type PageLoads, type Timed } from './page-load.ts';
import type { ProxyFigures } from './proxy-load.ts';
import { proxyNotes, proxyTable } from './proxy-table.ts';
import { PROXY_ENTRY } from './stack.ts';
import { median } from './stats.ts';

// Issue 13: no worse than the page was when the proxy's store changed (it was 1.3× before).
const READY_BUDGET = 0.91;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (x: number, digits = 0) => `${x.toFixed(digits)} ms`;
const times = (r: number) => `${r.toFixed(2)}×`;

export interface BenchResults {
  appBundle: InitialBundle;
  floorBundle: InitialBundle;
  pages: PageLoads;
  proxy: ProxyFigures;
  /** The same with the ledger on PostgreSQL, when DATABASE_URL is set. */
  onPostgres: ProxyFigures | null;
  /** performance.now() when the bench started. */
  started: number;
}

export function renderTable({ appBundle, floorBundle, pages, proxy, onPostgres, started }: BenchResults): string {
  const bundleRatio = appBundle.gzipBytes / floorBundle.gzipBytes;
  const { app: appLoads, floor: floorLoads, chromium } = pages;
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
    return [...counts]
      .filter(([, n]) => n > appLoads.length)
      .map(([r]) => r)
      .join(', ');
  };

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
  ];

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, Chromium ${chromium}`;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    `Machine: ${machine}`,
    '',
    line(rows[0]!),
    line(rows[0]!.map(() => '---')),
    ...rows.slice(1).map(line),
    '',
    ...proxyTable(proxy, onPostgres),
    '',
    `Initial files: ${appBundle.assets.map((a) => `${a.file} ${kB(a.gzipBytes)}`).join(', ')}; floor: ${floorBundle.assets.map((a) => `${a.file} ${kB(a.gzipBytes)}`).join(', ')}.`,
    `Where the time goes (medians): document's first byte ${ms(median(appLoads.map((l) => l.documentStartMs)))} (floor ${ms(median(floorLoads.map((l) => l.documentStartMs)))}), its last byte ${ms(median(appLoads.map((l) => l.documentMs)))} (floor ${ms(median(floorLoads.map((l) => l.documentMs)))}), its JS and CSS ${ms(median(appLoads.map((l) => l.assetsMs)))} (floor ${ms(median(floorLoads.map((l) => l.assetsMs)))}), DOMContentLoaded ${ms(median(appLoads.map((l) => l.dclMs)))} (floor ${ms(median(floorLoads.map((l) => l.dclMs)))}), ${apiBeforeReady()}, ticket buttons ${ms(appReady)}.`,
    `Chain to ready (median run): ${chainNames(medianLoad.chainToReady)}; in all: ${chainNames(medianLoad.chainAll)}.`,
    `Requests on load: ${medianLoad.requests.join(', ')} (asked twice: ${duplicates(appLoads.flatMap((l) => l.requests)) || 'none'}); CORS preflights: ${medianLoad.preflights.join(', ') || 'none'} (the simulator answers preflights at once; a real instance takes a round trip for each).`,
    `Open the first ticket: form drawn ${ms(formMs)} after the click (median); chain: ${chainNames(medianLoad.ticket!.chain)}; requests: ${medianLoad.ticket!.requests.join(', ')}; back to the list: ${medianLoad.ticket!.backRequests.join(', ') || 'no requests'}.`,
    ...proxyNotes(proxy, onPostgres),
    `Bench took ${((performance.now() - started) / 1000).toFixed(0)} s. The proxy ran as deployed (${relative(ROOT, PROXY_ENTRY)}, JSON logs at info, outbox on, ledger in SQLite on disk in a temp dir${onPostgres ? ', then on PostgreSQL at DATABASE_URL in a schema of its own' : ''}), in its own process; the simulators in another (scripts/bench/sims.ts).`,
  ];
  return `${out.join('\n')}\n`;
}
