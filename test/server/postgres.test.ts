// The same ledger on a real PostgreSQL server, shared by two proxy instances, as behind
// a load balancer. Runs only when DATABASE_URL is set (see README, "Tests on PostgreSQL");
// each run works in a schema of its own and drops it afterwards.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import type { Db } from '../../server/ledger/db.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { openPostgres } from '../../server/ledger/postgres.ts';
import { openPostgresLedgers } from '../support/ledger.ts';
import { testConfig } from '../support/proxy.ts';
import { createUpstreams, DD_HOST } from '../support/upstreams.ts';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('ledger on PostgreSQL (DATABASE_URL)', () => {
  const up = createUpstreams();
  const server = setupServer(...up.handlers);
  const instance = (db: Db) => createApp({ config: testConfig(), ledger: createLedger(db), log: createLogger(() => {}, 'silent') });
  let ledgers: Awaited<ReturnType<typeof openPostgresLedgers>>;
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;

  beforeAll(async () => {
    server.listen({ onUnhandledFrame: 'error' });
    // Both instances start at once: the advisory lock lets only one apply each migration.
    ledgers = await openPostgresLedgers(2);
    [a, b] = ledgers.dbs.map(instance) as [typeof a, typeof b];
  });
  afterAll(async () => {
    server.close();
    await ledgers?.dispose();
  });

  const escalate = (app: typeof a, ticketId: number, headers: Record<string, string> = {}) =>
    app.request(`/api/escalations/${ticketId}`, {
      method: 'POST',
      headers: { authorization: `DdAccessToken ${up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ subject: 'Outlook prompts', text: 'Outlook keeps asking for my password every few minutes.' }),
    });

  test('twenty concurrent escalations of one ticket across two instances make exactly one saveQuestion', async () => {
    const before = up.directly.saveCalls();
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => escalate(i % 2 ? a : b, 5001)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(up.directly.saveCalls() - before).toBe(1);
  });

  test('a retry with the same Idempotency-Key on the other instance gets the first answer back', async () => {
    const first = await escalate(a, 5002, { 'idempotency-key': 'retry-key-0001' });
    const again = await escalate(b, 5002, { 'idempotency-key': 'retry-key-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(up.directly.questions.filter((q) => q.helpDeskId === '5002')).toHaveLength(1);
  });

  test('a third instance started later sees the same records', async () => {
    const { rows } = await ledgers.dbs[0]!.query<{ schema: string }>('select current_schema() as schema');
    const third = await openPostgres(url!, { schema: rows[0]!.schema });
    await third.migrate();
    const c = instance(third);
    const res = await c.request('/api/escalations?ticketIds=5001,5002', {
      headers: { authorization: `DdAccessToken ${up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST },
    });
    const body = (await res.json()) as { escalations: Array<{ ticketId: number; state: string }> };
    expect(body.escalations.map((e) => [e.ticketId, e.state]).sort()).toEqual([
      [5001, 'open'],
      [5002, 'open'],
    ]);
    await third.close();
  });

  test('an idle connection the server drops is reported, and the process goes on', async () => {
    const warnings: string[] = [];
    const db = await openPostgres(url!, { onIdleError: (e) => warnings.push(e.message) });
    const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
    await ledgers.dbs[0]!.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    await vi.waitFor(() => expect(warnings).toHaveLength(1));
    expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  });
});
