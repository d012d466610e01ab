// The ledger's reads whose SQL differs most between SQLite and PostgreSQL: the report
// (counts, median time to close, filters) and the latest escalation of each ticket.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import { createLedger } from '../../server/ledger/index.ts';
import { useProxy } from '../support/proxy-harness.ts';

const h = useProxy();
const HOST = 'https://acme.deskdirector.example';
const T0 = Date.parse('2025-03-10T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Plants an escalation created `at` ms after T0, closed `closedAfter` seconds later. */
async function plant(o: { ticketId: number; state: string; company?: string | null; at?: number; closedAfter?: number; host?: string }) {
  const created = T0 + (o.at ?? 0);
  const closed = o.closedAfter === undefined ? null : iso(created + o.closedAfter * 1000);
  const id = randomUUID();
  await h.db.query(
    `insert into escalations (id, dd_host, ticket_id, company_name, state, subject, body, asked_for_name, asked_for_email, escalated_by, created_at, updated_at, closed_at)
     values ($1, $2, $3, $4, $5, 's', 't', 'Alice', 'alice@example.com', $6, $7, $7, $8)`,
    [
      id,
      o.host ?? HOST,
      o.ticketId,
      o.company === undefined ? 'Northwind Traders' : o.company,
      o.state,
      JSON.stringify({ app: 'portal', id: 1, name: 'Alice' }),
      iso(created),
      closed,
    ],
  );
  return id;
}

let ledger: ReturnType<typeof createLedger>;
beforeEach(() => {
  ledger = createLedger(h.db);
});

describe('the report', () => {
  test('counts per state and in all, this instance only, and the median time to close', async () => {
    await plant({ ticketId: 1, state: 'closed', closedAfter: 60 });
    await plant({ ticketId: 2, state: 'closed', closedAfter: 600 });
    await plant({ ticketId: 3, state: 'closed', closedAfter: 120 });
    await plant({ ticketId: 4, state: 'open' });
    await plant({ ticketId: 5, state: 'failed' });
    await plant({ ticketId: 6, state: 'unknown' });
    await plant({ ticketId: 7, state: 'closed', closedAfter: 5, host: 'https://other.example' });
    const odd = await ledger.escalations.report(HOST, { limit: 200 });
    expect(odd.counts).toEqual({ pending: 0, queued: 0, open: 1, unknown: 1, closed: 3, failed: 1, total: 6 });
    expect(odd.medianSecondsToClose).toBeCloseTo(120, 3);
    expect(odd.escalations).toHaveLength(6);

    // An even count: the mean of the two middle durations.
    await plant({ ticketId: 8, state: 'closed', closedAfter: 300.5 });
    expect((await ledger.escalations.report(HOST, { limit: 200 })).medianSecondsToClose).toBeCloseTo(210.25, 3);
  });

  test('nothing closed: no median; nothing at all: zeros', async () => {
    await plant({ ticketId: 1, state: 'open' });
    expect((await ledger.escalations.report(HOST, { limit: 200 })).medianSecondsToClose).toBeNull();
    const none = await ledger.escalations.report('https://nobody.example', { limit: 200 });
    expect(none).toEqual({
      escalations: [],
      counts: { pending: 0, queued: 0, open: 0, unknown: 0, closed: 0, failed: 0, total: 0 },
      medianSecondsToClose: null,
    });
  });

  test('filters: state, a time range (to exclusive, any ISO spelling), and a company name part in any letter case, % and _ taken literally', async () => {
    await plant({ ticketId: 1, state: 'closed', at: 0, closedAfter: 10, company: 'Northwind Traders' });
    await plant({ ticketId: 2, state: 'open', at: 3_600_000, company: 'Fifty 50% Partners' });
    await plant({ ticketId: 3, state: 'open', at: 7_200_000, company: 'Fifty 500 Partners' });
    await plant({ ticketId: 4, state: 'open', at: 10_800_000, company: 'North_wind' });
    await plant({ ticketId: 5, state: 'open', at: 10_900_000, company: null });
    const tickets = async (f: Parameters<typeof ledger.escalations.report>[1]) =>
      (await ledger.escalations.report(HOST, f)).escalations.map((e) => e.ticketId).sort();
    expect(await tickets({ limit: 200, state: 'open' })).toEqual([2, 3, 4, 5]);
    expect(await tickets({ limit: 200, from: '2025-03-10T10:00:00Z', to: iso(T0 + 10_800_000) })).toEqual([2, 3]);
    expect(await tickets({ limit: 200, from: '2025-03-10T11:00:00+01:00' })).toEqual([2, 3, 4, 5]);
    expect(await tickets({ limit: 200, company: 'NORTH' })).toEqual([1, 4]);
    expect(await tickets({ limit: 200, company: '50%' })).toEqual([2]);
    expect(await tickets({ limit: 200, company: 'h_w' })).toEqual([4]);
    const limited = await ledger.escalations.report(HOST, { limit: 2 });
    expect(limited.escalations.map((e) => e.ticketId)).toEqual([5, 4]);
    expect(limited.counts.total).toBe(5);
  });
});

describe('the latest escalation of each ticket', () => {
  test('one per listed ticket, the most recent, ordered by ticket', async () => {
    await plant({ ticketId: 2, state: 'closed', at: 0, closedAfter: 1 });
    const latest2 = await plant({ ticketId: 2, state: 'open', at: 1_000 });
    const only1 = await plant({ ticketId: 1, state: 'failed', at: 500 });
    await plant({ ticketId: 3, state: 'open', at: 500 });
    const latest = await ledger.escalations.latestFor(HOST, [2, 1, 9]);
    expect(latest.map((e) => [e.ticketId, e.id, e.state])).toEqual([
      [1, only1, 'failed'],
      [2, latest2, 'open'],
    ]);
    expect(latest[0]).toMatchObject({ createdAt: iso(T0 + 500), escalatedBy: { app: 'portal', id: 1, name: 'Alice' }, closedAt: null });
    expect(await ledger.escalations.latestFor(HOST, [])).toEqual([]);
  });
});
