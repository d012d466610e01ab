// When Directly keeps failing, the proxy stops calling it for a while: after N failures
// in a row every call fails at once (503 with Retry-After, nothing sent), then one trial
// call decides whether Directly is back. saveQuestion is never retried.
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { CircuitOpenError, createCircuitBreaker } from '../../server/upstreams/circuit-breaker.ts';
import { testConfig, testEnv } from '../support/proxy.ts';
import { DIRECTLY_URL } from '../support/upstreams.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const FAILURES = 3; // written out as 3 in a test title, which docs/SECURITY.md cites
const COOLDOWN_MS = 10_000;
// A clock that moves only when a test moves it.
let base = Date.now();
let offset = 0;
const h = useProxy({
  config: () => testConfig({ DIRECTLY_BREAKER_FAILURES: String(FAILURES), DIRECTLY_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) }),
  deps: () => ({ now: () => base + offset }),
});
beforeEach(() => {
  base = Date.now();
  offset = 0;
});

const draft = (n: number) => ({ subject: `Question ${n}`, text: `Outlook keeps asking for my password, case ${n}.` });
const escalate = (ticketId: number, as = 'member:9001') => h.escalate(ticketId, as, draft(ticketId));
const directlyDown = () => h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/*`, () => new HttpResponse(null, { status: 500 })));
const directlyBack = () => h.server.resetHandlers(...h.up.handlers);
const saves = () => h.directlyCalls('saveQuestion').length;

/** Tickets Tess (TECH) can see, each with a contact email. */
const TICKETS = [5001, 5002, 5003, 5004, 5005, 5006];

async function trip() {
  directlyDown();
  for (const ticketId of TICKETS.slice(0, FAILURES)) expect((await escalate(ticketId)).status).toBe(502);
  expect(saves()).toBe(FAILURES);
}

describe('Directly circuit breaker', () => {
  test('after 3 failures in a row: 503 directly_unavailable with Retry-After, and no call to Directly', async () => {
    await trip();
    const res = await escalate(TICKETS[FAILURES]!);
    expect(res.status).toBe(503);
    const body = errorOf(res);
    expect(body.error.code).toBe('directly_unavailable');
    expect(body.error.message).toMatch(/not sent/);
    expect(res.headers.get('retry-after')).toBe(String(COOLDOWN_MS / 1000));
    expect(saves()).toBe(FAILURES);
    // Nothing reached Directly, so the record is plainly failed (not unknown) and the ticket can be sent again.
    expect(body.escalation?.state).toBe('failed');
  });

  test('each failing escalation made exactly one saveQuestion call: never retried', async () => {
    await trip();
    const perTicket = new Map<string, number>();
    for (const s of h.directlyCalls('saveQuestion')) {
      const id = new URLSearchParams(await s.body).get('helpDeskId')!;
      perTicket.set(id, (perTicket.get(id) ?? 0) + 1);
    }
    expect([...perTicket.values()]).toEqual([1, 1, 1]);
  });

  test('an open circuit fails closeQuestion fast too: 503, the question stays open', async () => {
    expect((await escalate(5001)).status).toBe(201);
    directlyDown();
    for (const ticketId of [5002, 5003, 5004]) await escalate(ticketId);
    const closesBefore = h.directlyCalls('closeQuestion').length;
    const res = await h.close(5001);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(COOLDOWN_MS / 1000));
    expect(h.directlyCalls('closeQuestion').length).toBe(closesBefore);
    expect(errorOf(res).escalation?.state).toBe('open');
  });

  test('after the cool-down one trial call goes out; its success closes the circuit', async () => {
    await trip();
    offset += COOLDOWN_MS - 1;
    expect((await escalate(5004)).status).toBe(503);
    expect(saves()).toBe(FAILURES);
    offset += 1;
    directlyBack();
    const trial = await escalate(5005);
    expect(trial.status).toBe(201);
    expect(escalationOf(trial).state).toBe('open');
    expect(saves()).toBe(FAILURES + 1);
    expect((await escalate(5006)).status).toBe(201);
    expect(saves()).toBe(FAILURES + 2);
  });

  test('a failed trial opens the circuit again at once, for another full cool-down', async () => {
    await trip();
    offset += COOLDOWN_MS;
    expect((await escalate(5004)).status).toBe(502);
    expect(saves()).toBe(FAILURES + 1);
    const res = await escalate(5005);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(COOLDOWN_MS / 1000));
    expect(saves()).toBe(FAILURES + 1);
  });

  test('a success in between resets the count: failures must be consecutive', async () => {
    directlyDown();
    for (const ticketId of [5001, 5002]) expect((await escalate(ticketId)).status).toBe(502);
    directlyBack();
    expect((await escalate(5003)).status).toBe(201);
    directlyDown();
    for (const ticketId of [5004, 5005]) expect((await escalate(ticketId)).status).toBe(502);
    expect(saves()).toBe(5);
  });
});

describe('createCircuitBreaker', () => {
  test('half-open lets exactly one trial through while it is in flight', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => now });
    await expect(breaker.run(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(breaker.state()).toBe('open');
    now = 1_000;
    expect(breaker.state()).toBe('half-open');
    let release!: () => void;
    let calls = 0;
    const trial = breaker.run(() => {
      calls += 1;
      return new Promise<string>((r) => (release = () => r('ok')));
    });
    const second = breaker.run(async () => {
      calls += 1;
      return 'second';
    });
    // Held back, never sent: the Directly client reports it as `circuit-open`, which is never ambiguous.
    await expect(second).rejects.toSatisfy((e) => e instanceof CircuitOpenError && e.retryAfterMs === 1_000);
    release();
    await expect(trial).resolves.toBe('ok');
    expect(calls).toBe(1);
    expect(breaker.state()).toBe('closed');
  });

  test('defaults: 5 failures in a row, 30 s cool-down', () => {
    const r = loadConfig(testEnv);
    expect(r.ok && r.config.directlyBreaker).toEqual({ failureThreshold: 5, cooldownMs: 30_000 });
  });
});
