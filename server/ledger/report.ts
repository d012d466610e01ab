import type { Escalation, EscalationState } from '../../common/proxy-api.ts';
import type { Db } from './db.ts';
import { toEscalation, type EscalationRow } from './rows.ts';

export interface ReportQuery {
  state?: EscalationState | undefined;
  /** ISO times; `to` is exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  company?: string | undefined;
  limit: number;
}

export interface LedgerReport {
  escalations: Escalation[];
  counts: Record<EscalationState | 'total', number>;
  medianSecondsToClose: number | null;
}

/** The technicians' report: filtered escalations, counts per state and median time to close. */
export async function report(db: Db, host: string, f: ReportQuery): Promise<LedgerReport> {
  const where = ['dd_host = $1'];
  const params: unknown[] = [host];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.state) add('state = ?', f.state);
  if (f.from) add('created_at >= ?', f.from);
  if (f.to) add('created_at < ?', f.to);
  if (f.company)
    add(
      `company_name ilike '%' || ? || '%'`,
      f.company.replace(/[\\%_]/g, (ch) => `\\${ch}`),
    );
  const clause = where.join(' and ');
  const [rows, stats] = await Promise.all([
    db.query<EscalationRow>(`select * from escalations where ${clause} order by created_at desc limit ${f.limit}`, params),
    db.query<{ state: EscalationState | null; n: string | number; median_close: string | number | null }>(
      `select state, count(*) as n,
         percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at)) filter (where closed_at is not null) as median_close
       from escalations where ${clause} group by rollup(state)`,
      params,
    ),
  ]);
  const counts = { pending: 0, open: 0, unknown: 0, closed: 0, failed: 0, total: 0 };
  let medianSecondsToClose: number | null = null;
  for (const r of stats.rows) {
    if (r.state === null) {
      counts.total = Number(r.n);
      medianSecondsToClose = r.median_close === null ? null : Number(r.median_close);
    } else counts[r.state] = Number(r.n);
  }
  return { escalations: rows.rows.map(toEscalation), counts, medianSecondsToClose };
}
