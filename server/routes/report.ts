// The technicians' view of the ledger: filtered escalations, counts, median time to
// close, and a CSV export. TECH callers only, and only their own instance's records.
import { Hono } from 'hono';
import * as v from 'valibot';
import { reportFilterSchema } from '../../common/report-filter.ts';
import { toCsv } from '../escalations/csv.ts';
import { requireTech } from '../http/caller.ts';
import type { Env } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import type { Services } from '../services.ts';

export const REPORT_LIST_LIMIT = 200;
export const CSV_LIMIT = 10_000;

/** The filters as the ledger reads them; an empty field is no filter. */
const reportQuery = v.pipe(
  v.record(v.string(), v.unknown()),
  v.transform((query) => Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''))),
  reportFilterSchema,
  // Without this a From after To silently matches nothing; the page says the same before asking.
  v.forward(
    v.partialCheck([['from'], ['to']], (f) => !f.from || !f.to || f.from <= f.to, 'must be on or after From'),
    ['to'],
  ),
  v.transform((f) => ({
    state: f.state,
    from: f.from && `${f.from}T00:00:00Z`,
    // `to` is inclusive for people: everything created on that day counts.
    to: f.to && new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString(),
    company: f.company || undefined,
  })),
);

export const reportRoutes = ({ ledger }: Services) =>
  new Hono<Env>()
    .use(requireTech('Only technicians can see the escalation report.'))
    .get('/escalations', validate('query', reportQuery, 'Some filters need attention.'), async (c) => {
      const report = await ledger.escalations.report(c.var.caller.host, { ...c.req.valid('query'), limit: REPORT_LIST_LIMIT });
      return c.json({ ...report, truncated: report.counts.total > report.escalations.length });
    })
    .get('/escalations.csv', validate('query', reportQuery, 'Some filters need attention.'), async (c) => {
      const escalations = await ledger.escalations.reportRows(c.var.caller.host, { ...c.req.valid('query'), limit: CSV_LIMIT });
      c.header('Content-Disposition', `attachment; filename="escalations-${new Date().toISOString().slice(0, 10)}.csv"`);
      return c.body(toCsv(escalations), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    });
