// The database going away is an error, not a crash (issue 12, items 1 and 8): requests
// get 503 with Retry-After and nothing reaches Directly; /api/ready says the ledger is
// unreachable while /api/health stays a liveness check; once the database is back, the
// same process serves again.
import { describe, expect, test } from 'vitest';
import { openPostgres } from '../../server/ledger/postgres.ts';
import { openPostgresLedgers } from '../support/ledger.ts';
import { createTestProxy } from '../support/proxy.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

describe('a PostgreSQL server nobody answers at', () => {
  test('escalating: 503 with Retry-After, nothing sent to Directly; ready 503, health 200', async () => {
    const unreachable = await openPostgres('postgres://postgres@127.0.0.1:1/postgres');
    try {
      h.app = (await createTestProxy({ db: unreachable, config: h.config })).app;
      const res = await h.escalate(5001, 'contact:101');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(errorOf(res).error.message).toMatch(/cannot reach its database/);
      expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
      const close = await h.close(5001);
      expect(close.status).toBe(503);
      expect(h.directlyCalls('closeQuestion')).toHaveLength(0);
      expect((await h.call('GET', '/api/ready')).status).toBe(503);
      expect((await h.call('GET', '/api/health')).status).toBe(200);
    } finally {
      await unreachable.close();
    }
  });

  test('ready answers 200 while the ledger answers', async () => {
    expect((await h.call('GET', '/api/ready')).status).toBe(200);
  });
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL drops every connection of the pool (pg_terminate_backend)', () => {
  test('no crash; the same process serves again, each escalation once', async () => {
    const { dbs, dispose } = await openPostgresLedgers(1);
    const db = dbs[0]!;
    try {
      h.app = (await createTestProxy({ db, config: h.config })).app;
      expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
      // Fill the pool, note each connection's backend, then end them all on the server.
      const pids = await Promise.all(
        Array.from({ length: 5 }, async () => (await db.query<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.05)')).rows[0]!.pid),
      );
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [[...new Set(pids)]]);
      } finally {
        await admin.end();
      }
      await new Promise((r) => setTimeout(r, 200));
      // Any request in the gap is a 503 at worst, never a 500 or a crash; then it serves again.
      const replies = [];
      for (const id of [5002, 5003, 5004]) replies.push(await h.escalate(id, 'contact:101'));
      for (const r of replies) expect([201, 503]).toContain(r.status);
      expect((await h.call('GET', '/api/ready')).status).toBe(200);
      const again = await h.escalate(5005, 'contact:101');
      expect(escalationOf(again).state).toBe('open');
      const sent = h.up.directly.questions.map((q) => q.helpDeskId);
      expect(new Set(sent).size).toBe(sent.length);
    } finally {
      await dispose();
    }
  });
});
