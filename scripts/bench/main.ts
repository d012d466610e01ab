// `npm run bench`: the performance budgets, measured side by side in one run, each against
// its floor. Bundle: the app's initial JS+CSS against a bare page built by the same Vite
// config on the same libraries (floor/). Ready: page-load.ts. Proxy: proxy-load.ts.
// Loopback only; bounded counts and time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInto, FLOOR_ROOT, initialBundle, ROOT } from '../bundle-size.ts';
import { DD_LATENCY_MS, measurePageLoads } from './page-load.ts';
import { benchSchema } from './postgres.ts';
import { measureProxy, type ProxyFigures } from './proxy-load.ts';
import { renderTable } from './table.ts';

const started = performance.now();
const say = (line: string) => process.stderr.write(`${line}\n`);

say('building the app and the floor with vite.config.ts, and warming the compile cache as `npm run build` does…');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'warm-compile-cache.ts')], { stdio: 'ignore' });
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

say(`page loads in Chromium, DeskDirector answering after ${DD_LATENCY_MS} ms…`);
const pages = await measurePageLoads({ appDir: appBuild.outDir, floorDir: floorBuild.outDir, dataDir: pageDataDir });

say('proxy, ledger on SQLite: sequential escalations, then concurrent load…');
const proxy = await measureProxy({ appDir: appBuild.outDir, dataDir });
// The same escalations with the ledger on PostgreSQL, when there is one to use.
let onPostgres: ProxyFigures | null = null;
if (process.env.DATABASE_URL) {
  say('proxy, ledger on PostgreSQL (DATABASE_URL): the same…');
  const schema = await benchSchema(process.env.DATABASE_URL);
  try {
    onPostgres = await measureProxy({ appDir: appBuild.outDir, dataDir, databaseUrl: schema.url });
  } finally {
    await schema.drop();
  }
}

process.stdout.write(renderTable({ appBundle, floorBundle, pages, proxy, onPostgres, started }));
