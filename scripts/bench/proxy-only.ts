// `npm run bench:proxy`: only the proxy's figures, ledger on SQLite, against the app built in
// dist/ (run `npm run build` first). A quick loop for one lever at a time; `npm run bench`
// is the run of record. BENCH_SEQ_RUNS and BENCH_LOAD_OPS shorten or lengthen its two parts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../bundle-size.ts';
import { measureProxy } from './proxy-load.ts';
import { proxyNotes, proxyTable } from './proxy-table.ts';

const appDir = join(ROOT, 'dist');
if (!existsSync(join(appDir, 'index.html'))) {
  process.stderr.write('bench:proxy serves the app in dist/: run `npm run build` first.\n');
  process.exit(1);
}
// As `npm run build` does, so the proxy starts from compiled code (RSS at rest depends on it).
execFileSync(process.execPath, [join(ROOT, 'scripts', 'warm-compile-cache.ts')], { stdio: 'ignore' });
const dataDir = mkdtempSync(join(tmpdir(), 'dd-directly-bench-ledger-'));
try {
  const figures = await measureProxy({ appDir, dataDir });
  process.stdout.write(`${[...proxyTable(figures, null), '', ...proxyNotes(figures, null)].join('\n')}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
