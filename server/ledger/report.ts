import type { Escalation, EscalationState } from '../../common/contract.ts';
import type { Report } from '../../common/report.ts';
import type { Db } from './driver.ts';
import { toEscalation, type EscalationRow } from './rows.ts';

export interface ReportQuery {
  state?: EscalationState | undefined;
  /** ISO times; `to` is exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  company?: string | undefined;
  limit: number;
}

/** The where clause and its parameters for a report's filters. */
function filterOf(host: string, f: ReportQuery) {
  const where = ['dd_host = $1'];
  const params: unknown[] = [host];
  const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
  if (f.state) add('state = ?', f.state);
  // Times are compared as the ledger writes them (SQLite compares the text).
  if (f.from) add('created_at >= ?', new Date(f.from).toISOString());
  if (f.to) add('created_at < ?', new Date(f.to).toISOString());
  // lower() on both sides: SQLite folds ASCII letters only, PostgreSQL all of them.
  if (f.company) add(`lower(company_name) like ? escape '\\'`, `%${f.company.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  return { clause: where.join(' and '), params };
}

const listQuery = (clause: string, limit: number) => `select * from escalations where ${clause} order by created_at desc limit ${limit}`;

/** The filtered escalations alone, newest first: the CSV needs no counts. */
export async function reportRows(db: Db, host: string, f: ReportQuery): Promise<Escalation[]> {
  const { clause, params } = filterOf(host, f);
  return (await db.query<EscalationRow>(listQuery(clause, f.limit), params)).rows.map(toEscalation);
}

/** The technicians' report: filtered escalations, counts per state and median time to close. */
export async function report(db: Db, host: string, f: ReportQuery): Promise<Omit<Report, 'truncated'>> {
  const { clause, params } = filterOf(host, f);
  const seconds = db.secondsBetween('created_at', 'closed_at');
  const [rows, perState, median] = await Promise.all([
    db.query<EscalationRow>(listQuery(clause, f.limit), params),
    db.query<{ state: EscalationState; n: string | number }>(`select state, count(*) as n from escalations where ${clause} group by state`, params),
    // The middle value, or the mean of the two middle ones.
    db.query<{ seconds: string | number | null }>(
      `select avg(seconds) as seconds from (
         select seconds, row_number() over (order by seconds) as nth, count(*) over () as closed
         from (select ${seconds} as seconds from escalations where ${clause} and closed_at is not null) as durations
       ) as ranked where nth in ((closed + 1) / 2, (closed + 2) / 2)`,
      params,
    ),
  ]);
  const counts = { pending: 0, queued: 0, open: 0, unknown: 0, closed: 0, failed: 0, total: 0 };
  for (const r of perState.rows) {
    counts[r.state] = Number(r.n);
    counts.total += Number(r.n);
  }
  const middle = median.rows[0]?.seconds ?? null;
  return { escalations: rows.rows.map(toEscalation), counts, medianSecondsToClose: middle === null ? null : Number(middle) };
}
