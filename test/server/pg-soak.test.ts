// A short soak (issue 12, "Done when"): two proxy instances take escalations and closes on
// one PostgreSQL, which is stopped and started again under them. No process exits, no
// request gets a 500, every escalation ends in exactly one state, and saveQuestion is
// called at most once per escalation. It needs a throwaway cluster of its own (root, the
// postgres user and initdb, as .ci/run has), so it runs only where DATABASE_URL says
// PostgreSQL is at hand, and once (not again per dialect or ledger project).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { escalationStates } from '../../common/contract.ts';
import { openPostgres } from '../../server/ledger/postgres.ts';
import type { Db } from '../../server/ledger/db.ts';
import { createTestProxy, testConfig } from '../support/proxy.ts';
import { useProxy, type TestApp } from '../support/proxy-harness.ts';
import { DD_HOST } from '../support/upstreams.ts';

const bin = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((d) => existsSync(`${d}/initdb`))
  : undefined;
const canRun =
  Boolean(process.env.DATABASE_URL) &&
  process.env.TEST_LEDGER !== 'postgres' &&
  process.env.TEST_DD_DIALECT !== 'variant' &&
  process.getuid?.() === 0 &&
  bin !== undefined;

const h = useProxy({ config: () => testConfig({ RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' }) });
const port = 56_000 + Math.floor(Math.random() * 900);
let dir = '';
const pg = (args: string) => execFileSync('su', ['postgres', '-c', `${bin}/pg_ctl -D ${dir}/data ${args}`], { stdio: 'ignore', timeout: 20_000 });
const start = () => pg(`-o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1' -l ${dir}/log -w start`);
const stop = () => pg('-m fast -w stop');

beforeAll(() => {
  if (!canRun) return;
  dir = mkdtempSync(join(tmpdir(), 'pg-soak-'));
  chmodSync(dir, 0o777);
  execFileSync('su', ['postgres', '-c', `${bin}/initdb -D ${dir}/data -A trust`], { stdio: 'ignore', timeout: 30_000 });
  start();
});
afterAll(() => {
  if (!canRun) return;
  try {
    stop();
  } catch {
    // already stopped
  }
  rmSync(dir, { recursive: true, force: true });
});

test.runIf(canRun)(
  'two instances, PostgreSQL stopped and started under them: no 500, one state each, one saveQuestion per escalation',
  async () => {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const dbs: Db[] = [await openPostgres(url, { max: 4 }), await openPostgres(url, { max: 4 })];
    await Promise.all(dbs.map((db) => db.migrate()));
    const apps = await Promise.all(dbs.map(async (db) => (await createTestProxy({ db, config: h.config })).app));
    const token = h.up.dd.mint('member:9001');
    const statuses: number[] = [];
    const send = async (app: TestApp, method: string, path: string, json?: unknown) => {
      const headers = new Headers({ authorization: `DdAccessToken ${token}`, 'x-dd-host': DD_HOST, 'x-dd-app': 'tech', 'content-type': 'application/json' });
      const res = await app.request(path, { method, headers, ...(json ? { body: JSON.stringify(json) } : {}) });
      statuses.push(res.status);
      return res.status;
    };
    const tickets = [5001, 5002, 5003, 5004];
    const until = Date.now() + 9_000;
    const drive = async (app: TestApp) => {
      while (Date.now() < until)
        for (const id of tickets) {
          if ((await send(app, 'POST', `/api/escalations/${id}`, h.escalationBody(id, 'member:9001'))) === 201)
            await send(app, 'POST', `/api/escalations/${id}/close`);
        }
    };
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 2_500));
      stop();
      await new Promise((r) => setTimeout(r, 2_000));
      start();
    })();
    try {
      await Promise.all([drive(apps[0]!), drive(apps[1]!), outage]);
      expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
      expect(statuses).toContain(503); // the outage was seen
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(4);

      const { rows } = await dbs[0]!.query<{ state: string; ticket_id: number; help_desk_id: string }>(
        'select state, ticket_id, help_desk_id from escalations',
      );
      for (const r of rows) expect(escalationStates).toContain(r.state);
      for (const id of tickets)
        expect(rows.filter((r) => Number(r.ticket_id) === id && ['pending', 'open', 'unknown'].includes(r.state)).length).toBeLessThanOrEqual(1);
      // saveQuestion at most once per escalation: each helpDeskId Directly saw, once, and on a record.
      const sent = h.up.directly.questions.map((q) => q.helpDeskId);
      expect(new Set(sent).size).toBe(sent.length);
      const recorded = new Set(rows.map((r) => r.help_desk_id));
      for (const id of sent) expect(recorded.has(id)).toBe(true);
    } finally {
      await Promise.all(dbs.map((db) => db.close().catch(() => undefined)));
    }
  },
  30_000,
);
