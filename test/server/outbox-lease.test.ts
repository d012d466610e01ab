// Outbox rows have one owner at a time across instances (issue 12, item 4): with a slow
// DeskDirector (9/10 of its timeout, as 9 s under 10 s was), a second instance must not
// re-claim notes the first still holds, and a row it took is not written again by the first.
import { delay, http } from 'msw';
import { expect, test } from 'vitest';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { createLogger } from '../../server/log.ts';
import { testConfig } from '../support/proxy.ts';
import { useProxy } from '../support/proxy-harness.ts';
import { DD_HOST, ddUrl, TEST_DD_API_KEY } from '../support/upstreams.ts';

const TIMEOUT_MS = 500;
const h = useProxy({ config: () => testConfig({ DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}`, DESKDIRECTOR_TIMEOUT_MS: String(TIMEOUT_MS) }) });

const instance = () => createOutboxWorker({ ledger: createLedger(h.db), config: h.config, log: createLogger(() => {}, 'silent') });

test('two instances and a slow DeskDirector: every note written exactly once', async () => {
  const tickets = [5001, 5002, 5003, 5004, 5005, 5006];
  for (const id of tickets) expect((await h.escalate(id, 'contact:101')).status).toBe(201);
  // Each post takes 9/10 of the timeout: the first instance's batch outlives its claim's lease.
  h.server.use(
    http.post(ddUrl('addNote'), async ({ request }) => {
      await delay(TIMEOUT_MS * 0.9);
      return h.up.dd.app.fetch(request);
    }),
  );
  const [a, b] = [instance(), instance()];
  const first = a.runDue();
  let finished = false;
  void first.finally(() => (finished = true));
  // The other instance passes every 100 ms while the first works through its batch.
  while (!finished) {
    await delay(100);
    await b.runDue();
  }
  for (let i = 0; i < 3; i++) await b.runDue();
  for (const id of tickets) expect(h.up.dd.notes.get(id) ?? [], `ticket ${id}`).toHaveLength(1);
  const { rows } = await h.db.query<{ done_at: string | null }>('select done_at from outbox');
  expect(rows.every((r) => r.done_at !== null)).toBe(true);
}, 20_000);
