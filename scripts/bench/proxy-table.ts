// The proxy's figures, ledger by ledger in columns side by side (SQLite, and PostgreSQL
// when DATABASE_URL is set), each against the targets.
import { LOAD_CONCURRENCY, SEQ_RUNS, type ProxyFigures } from './proxy-load.ts';
import { median, percentile } from './stats.ts';

const TARGET = { rssIdleMB: 100, rssPeakMB: 150, overheadP50Ms: 1.5, throughputRatio: 0.5 };

const ms = (x: number, digits = 2) => `${x.toFixed(digits)} ms`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${ms(x)}`;
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const ok = (pass: boolean) => (pass ? 'ok' : '**over**');

const spanNames: Record<string, string> = {
  caller: 'caller check',
  ticket: 'DeskDirector ticket read',
  key: 'Idempotency-Key claim',
  reserve: 'ledger reserve',
  directly: 'Directly saveQuestion',
  record: 'ledger record (open + note queued + key answered + draft dropped)',
  app: 'whole handler',
};

function figures(p: ProxyFigures) {
  const overhead50 = median(p.seq.proxy) - median(p.seq.direct);
  const overhead99 = percentile(p.seq.proxy, 0.99) - percentile(p.seq.direct, 0.99);
  const ratio = p.proxyLoad.perSecond / p.directLoad.perSecond;
  const errors = p.proxyLoad.errors + p.directLoad.errors;
  return { overhead50, overhead99, ratio, errors };
}

/** Rows of figures: one column per ledger, the target, and the verdict of each ledger. */
export function proxyTable(sqlite: ProxyFigures, postgres: ProxyFigures | null): string[] {
  const runs = postgres ? [sqlite, postgres] : [sqlite];
  const f = runs.map(figures);
  const row = (name: string, cell: (p: ProxyFigures, i: number) => string, target: string, pass?: (p: ProxyFigures, i: number) => boolean) =>
    `| ${[name, ...runs.map(cell), target, pass ? runs.map((p, i) => ok(pass(p, i))).join(' / ') : ''].join(' | ')} |`;
  const head = ['Proxy', 'ledger on SQLite (DATA_DIR)', ...(postgres ? ['ledger on PostgreSQL (DATABASE_URL)'] : []), 'target', ''];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    row(
      'RSS at rest (started, idle)',
      (p) => MB(p.rssIdle),
      `≤ ${TARGET.rssIdleMB} MB`,
      (p) => p.rssIdle / 1e6 <= TARGET.rssIdleMB,
    ),
    row(
      `RSS peak under load (${LOAD_CONCURRENCY} concurrent)`,
      (p) => MB(p.rssProxy),
      `≤ ${TARGET.rssPeakMB} MB`,
      (p) => p.rssProxy / 1e6 <= TARGET.rssPeakMB,
    ),
    row(
      `Escalation p50 overhead, one at a time (n=${SEQ_RUNS})`,
      (p, i) => `${signed(f[i]!.overhead50)} (${ms(median(p.seq.proxy))} against ${ms(median(p.seq.direct))} direct)`,
      `≤ ${TARGET.overheadP50Ms} ms (goal < 1 ms)`,
      (_, i) => f[i]!.overhead50 <= TARGET.overheadP50Ms,
    ),
    row(
      'Escalation p99 overhead, one at a time',
      (p, i) => `${signed(f[i]!.overhead99)} (${ms(percentile(p.seq.proxy, 0.99))} against ${ms(percentile(p.seq.direct, 0.99))})`,
      '',
    ),
    row(
      `Throughput, ${LOAD_CONCURRENCY} concurrent escalations`,
      (p, i) =>
        `${p.proxyLoad.perSecond.toFixed(0)}/s against ${p.directLoad.perSecond.toFixed(0)}/s direct: ${f[i]!.ratio.toFixed(2)}×, ${p.proxyLoad.errors} errors (p50 ${ms(p.proxyLoad.p50, 1)}, p99 ${ms(p.proxyLoad.p99, 1)})`,
      `≥ ${TARGET.throughputRatio}×, 0 errors`,
      (_, i) => f[i]!.ratio >= TARGET.throughputRatio && f[i]!.errors === 0,
    ),
    row('Proxy CPU time per escalation under that load (user + system)', (p) => ms(p.cpuMsPerEscalation), ''),
    row('Token-check cache hit ratio under that load', (p) => `${(100 * (1 - p.meCallsUnderLoad / (p.proxyLoad.ok + p.proxyLoad.errors))).toFixed(1)} %`, ''),
  ];
}

/** Where the time went inside the proxy, from its Server-Timing spans, and any errors. */
export function proxyNotes(sqlite: ProxyFigures, postgres: ProxyFigures | null): string[] {
  const named: Array<[string, ProxyFigures]> = [['SQLite', sqlite], ...(postgres ? [['PostgreSQL', postgres] as [string, ProxyFigures]] : [])];
  return [
    `Upstream calls per escalation through the proxy: ${sqlite.upstreamPerEscalation}.`,
    ...named.map(([name, p]) => {
      const spans = [...p.spans].map(([span, xs]) => `${spanNames[span] ?? span} ${ms(median(xs))}`).join(', ');
      const ledger = median(p.spans.get('reserve') ?? [NaN]) + median(p.spans.get('record') ?? [NaN]);
      return `Inside the proxy, ledger on ${name}, one escalation at a time (Server-Timing medians): ${spans}. The ticket read starts first; the body's check and the key claim run during it; the rest run in turn. The ledger's two writes on the critical path (reserve, record), each on disk before the proxy goes on, take ${ms(ledger)} of the ${ms(figures(p).overhead50)} overhead.`;
    }),
    ...named.flatMap(([name, p]) => [
      ...(p.proxyLoad.firstError ? [`First proxy error under load (${name}): ${p.proxyLoad.firstError}`] : []),
      ...(p.directLoad.firstError ? [`First direct error under load (${name} run): ${p.directLoad.firstError}`] : []),
    ]),
  ];
}
