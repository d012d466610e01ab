// The doctor inside the app: GET /api/setup-check runs `npm run doctor`'s read-only checks
// against the caller's instance with the technician's own token, for technicians only.
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { setupCheckReplySchema, type Row } from '../../common/setup-check.ts';
import { SETUP_CHECK_TTL_MS } from '../../server/routes/setup-check.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';
import { testConfig } from '../support/proxy.ts';
import { endpointPath } from '../../server/profile/profile.ts';
import { DD_HOST, DD_PROFILE, DIRECTLY_URL, TEST_DD_API_KEY, TEST_DIRECTLY_TOKEN, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';

let clock = Date.parse('2031-05-01T09:00:00Z');
const h = useProxy({
  config: () =>
    testConfig({
      DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}`,
      DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      // The simulated instance has no "Completed", one of the default names.
      DESKDIRECTOR_CLOSED_STATUSES: 'Closed,Resolved',
    }),
  deps: () => ({ now: () => clock }),
});

const check = async (query = '', as = 'member:9001') => {
  const res = await h.call('GET', `/api/setup-check${query}`, { as });
  expect(res.status, res.text).toBe(200);
  return v.parse(setupCheckReplySchema, res.json);
};
const row = (rows: Row[], name: string) => rows.find((r) => r.check === name);
const ddCalls = () => h.sent.filter((s) => s.url.origin === DD_HOST);
const doctorRuns = () => ddCalls().filter((s) => s.url.pathname === '/').length;

describe('GET /api/setup-check', () => {
  test('a technician gets the doctor’s table for their instance, all passing on the simulated one', async () => {
    const reply = await check();
    expect(reply.host).toBe(DD_HOST);
    expect(reply.rows.filter((r) => r.status === 'fail')).toEqual([]);
    expect(row(reply.rows, 'Instance answers')?.status).toBe('ok');
    expect(row(reply.rows, 'Answer: TECH current member')).toMatchObject({ status: 'ok', detail: expect.stringContaining('every field') });
    expect(row(reply.rows, 'Closed statuses')?.status).toBe('ok');
    expect(row(reply.rows, 'Directly answers')?.status).toBe('ok');
    // The CLI names its token's variable; here the token is the caller's own.
    expect(row(reply.rows, 'DESKDIRECTOR_ACCESS_TOKEN')).toBeUndefined();
    expect(row(reply.rows, 'Access token')?.status).toBe('ok');
    expect(reply.counts.ok + reply.counts.fail + reply.counts.unknown).toBe(reply.rows.length);
    expect(reply.counts.fail).toBe(0);
    expect(reply.checkedAt).toBe(new Date(clock).toISOString());
    expect(reply.suggestedProfile).toMatchObject({ $comment: expect.stringContaining('DESKDIRECTOR_PROFILE_FILE'), ticketReads: 'caller' });
  });

  test('a Portal user is refused with the API’s error envelope, and no check runs', async () => {
    const res = await h.call('GET', '/api/setup-check', { as: 'contact:101' });
    expect(res.status).toBe(403);
    expect(errorOf(res).error).toMatchObject({ code: 'forbidden', message: 'Only technicians can run the setup check.' });
    expect(doctorRuns()).toBe(0);
    expect(h.sent.filter((s) => s.url.origin === DIRECTLY_URL)).toEqual([]);
  });

  test('no secret is in the answer: not the caller’s token, the API key, the webhook secret or Directly’s token', async () => {
    const token = h.up.dd.mint('member:9001');
    const res = await h.call('GET', '/api/setup-check', { token, app: 'tech' });
    expect(res.status).toBe(200);
    for (const secret of [token, TEST_DD_API_KEY, TEST_WEBHOOK_SECRET, TEST_DIRECTLY_TOKEN]) expect(res.text).not.toContain(secret);
  });

  test('writes nothing to DeskDirector or Directly: reads, and the one ticket search', async () => {
    await check();
    const writes = ddCalls().filter((s) => s.method !== 'GET');
    expect(writes.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([`POST ${endpointPath(DD_PROFILE, 'techTicketsFind')}`]);
    expect(h.up.dd.notes.size).toBe(0);
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('one run per instance a minute, shared by technicians; ?fresh=1 runs again', async () => {
    const first = await check();
    expect(doctorRuns()).toBe(1);
    clock += SETUP_CHECK_TTL_MS - 1;
    expect(await check('', 'member:9002')).toEqual(first);
    expect(doctorRuns()).toBe(1);

    const fresh = await check('?fresh=1');
    expect(doctorRuns()).toBe(2);
    expect(fresh.checkedAt).toBe(new Date(clock).toISOString());

    clock += SETUP_CHECK_TTL_MS;
    await check();
    expect(doctorRuns()).toBe(3);
  });

  test('technicians asking at once share one run', async () => {
    const [a, b] = await Promise.all([check(), check('?fresh=1', 'member:9002')]);
    expect(a).toEqual(b);
    expect(doctorRuns()).toBe(1);
  });
});
