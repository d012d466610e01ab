// The technicians' view of the ledger: filtered escalations, counts, median time to
// close, and a CSV export. TECH callers only, and only their own instance's records.
import { Hono } from 'hono';
import type { Escalation } from '../common/proxy-api.ts';
import { reportFilterSchema } from './schemas.ts';
import { ApiError, invalidFields, type Env } from './app.ts';
import type { Store } from './store.ts';

export const REPORT_LIST_LIMIT = 200;
export const CSV_LIMIT = 10_000;

const csvColumns: Array<[string, (e: Escalation) => string | number | null]> = [
  ['escalation id', (e) => e.id],
  ['ticket', (e) => e.ticketId],
  ['company', (e) => e.companyName],
  ['state', (e) => e.state],
  ['question id', (e) => e.questionId],
  ['question url', (e) => e.questionUrl],
  ['subject', (e) => e.subject],
  ['asked for', (e) => `${e.askedFor.name} <${e.askedFor.email}>`],
  ['escalated by', (e) => `${e.escalatedBy.name} (${e.escalatedBy.app})`],
  ['created at', (e) => e.createdAt],
  ['closed at', (e) => e.closedAt],
  ['closed by', (e) => (e.closedBy ? `${e.closedBy.name} (${e.closedBy.app})` : null)],
  ['last error', (e) => e.lastError],
];

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula (ASVS 5.0 1.2.10). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r\0]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Escalation[]): string {
  const lines = [csvColumns.map(([h]) => h).join(',')];
  for (const e of rows) lines.push(csvColumns.map(([, get]) => csvCell(get(e))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function createAdminRoutes(store: Store): Hono<Env> {
  const admin = new Hono<Env>();

  admin.use('*', async (c, next) => {
    if (c.get('caller').app !== 'tech') throw new ApiError(403, 'forbidden', 'Only technicians can see the escalation report.');
    await next();
  });

  function filters(query: Record<string, string>) {
    const raw = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
    const parsed = reportFilterSchema.safeParse(raw);
    if (!parsed.success) throw invalidFields('Some filters need attention.', parsed.error.issues);
    const f = parsed.data;
    // `to` is inclusive for people: everything created on that day counts.
    const to = f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
    return {
      ...(f.state ? { state: f.state } : {}),
      ...(f.from ? { from: `${f.from}T00:00:00Z` } : {}),
      ...(to ? { to } : {}),
      ...(f.company ? { company: f.company } : {}),
    };
  }

  admin.get('/escalations', async (c) => {
    const report = await store.report(c.get('caller').host, { ...filters(c.req.query()), limit: REPORT_LIST_LIMIT });
    return c.json({ ...report, truncated: report.counts.total > report.escalations.length });
  });

  admin.get('/escalations.csv', async (c) => {
    const report = await store.report(c.get('caller').host, { ...filters(c.req.query()), limit: CSV_LIMIT });
    c.header('Content-Disposition', `attachment; filename="escalations-${new Date().toISOString().slice(0, 10)}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(report.escalations), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  return admin;
}
