// "The ticket knows": after a question is created, a note with its link is written on
// the DeskDirector ticket through the outbox, never lost and never written twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { NO_KEY_ERROR, noteMarker } from '../../server/escalations/ticket-note.ts';
import { backoffMs, BACKOFF_CAP_MS, createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { migrate, openDb, type Db } from '../../server/ledger/db.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { fromJson } from '../../server/ledger/rows.ts';
import { createTestProxy, testConfig, testEnv } from '../support/proxy.ts';
import { DD_HOST, DD_PROFILE, ddUrl, isEndpoint, OTHER_DD_HOST, TEST_DD_API_KEY } from '../support/upstreams.ts';
import { escalationOf, sampleDraft, useProxy } from '../support/proxy-harness.ts';

const withKey = () => testConfig({ DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}` });
const h = useProxy({ config: withKey });

const NOTES = ddUrl('addNote');

interface OutboxRow {
  id: string;
  kind: string;
  dd_host: string;
  ticket_id: number;
  escalation_id: string;
  payload: { text: string; isInternal: boolean; marker: string };
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  done_at: Date | null;
}

/** Times and JSON as PostgreSQL gives them (SQLite gives text). */
async function rows(db: Db = h.db): Promise<OutboxRow[]> {
  const time = (t: Date | string | null) => (t === null ? null : new Date(t));
  return (await db.query<OutboxRow>('select * from outbox order by created_at')).rows.map((r) => ({
    ...r,
    payload: fromJson(r.payload),
    next_attempt_at: time(r.next_attempt_at)!,
    done_at: time(r.done_at),
  }));
}

/** A worker with a clock the test moves, fixed jitter and its own log lines. */
function worker(opts: { config?: Config; db?: Db; start?: number } = {}) {
  let t = opts.start ?? Date.now() + 1_000;
  const lines: string[] = [];
  const outbox = createOutboxWorker({
    ledger: createLedger(opts.db ?? h.db),
    config: opts.config ?? h.config,
    log: createLogger((l) => lines.push(l)),
    now: () => t,
    random: () => 0.5,
  });
  return {
    outbox,
    lines,
    now: () => t,
    set: (ms: number) => (t = ms),
    advance: (ms: number) => (t += ms),
  };
}

const notesOn = (ticketId: number) => h.up.dd.notes.get(ticketId) ?? [];
const noteCalls = (method: 'GET' | 'POST') =>
  h.sent.filter((s) => s.method === method && s.url.origin === DD_HOST && isEndpoint(method === 'POST' ? 'addNote' : 'listNotes', s.url.pathname));

describe('the note on the ticket', () => {
  test('is queued with the escalation and written with the API key: link, marker, internal', async () => {
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(201);
    const escalation = escalationOf(res);
    const [queued] = await rows();
    expect(queued).toMatchObject({ kind: 'ticket-note', dd_host: DD_HOST, escalation_id: escalation.id, attempts: 0, last_error: null, done_at: null });
    expect(Number(queued!.ticket_id)).toBe(5001);
    // The request itself writes nothing to DeskDirector: the worker does.
    expect(noteCalls('POST')).toEqual([]);

    const w = worker();
    expect(await w.outbox.runDue()).toEqual({ done: 1, failed: 0 });
    const notes = notesOn(5001);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain(escalation.questionUrl!);
    expect(notes[0]!.text).toContain(sampleDraft.subject);
    expect(notes[0]!.text).toContain(noteMarker(escalation.id));
    expect(notes[0]!.isInternal).toBe(true);
    const [post] = noteCalls('POST');
    expect(post!.headers.get('authorization')).toBe(`DdApi ${TEST_DD_API_KEY}`);
    // In the instance's words: the profile names the body's fields.
    const { text, isInternal } = DD_PROFILE.requests.addNote;
    expect(JSON.parse(await post!.body)).toEqual({ [text]: notes[0]!.text, [isInternal]: true });
    // First try: nothing to look up first.
    expect(noteCalls('GET')).toEqual([]);

    const [done] = await rows();
    expect(done!.done_at).not.toBeNull();
    expect(done!.attempts).toBe(1);
    w.advance(BACKOFF_CAP_MS * 10);
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 0 });
    expect(notesOn(5001)).toHaveLength(1);
  });

  test('a technician escalating says who asked for whom', async () => {
    const escalation = escalationOf(await h.escalate(5010, 'member:9001'));
    await worker().outbox.runDue();
    expect(notesOn(5010)[0]!.text).toMatch(/Tess Tech \(technician\) for Carmen Ruiz/);
    expect(notesOn(5010)[0]!.text).toContain(noteMarker(escalation.id));
  });

  test('is not queued when Directly refused the question', async () => {
    expect((await h.escalate(5001, 'contact:101', { text: 'please simulate directly outage now' })).status).toBe(502);
    expect(await rows()).toEqual([]);
  });

  test('is not queued at all without DESKDIRECTOR_API_KEYS (the feature is off)', async () => {
    const { app } = await createTestProxy({ db: h.db, config: testConfig() });
    h.app = app;
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    expect(await rows()).toEqual([]);
  });
});

describe('a failed write', () => {
  test('is retried with growing, capped backoff and written exactly once', async () => {
    let failures = 2;
    h.server.use(http.post(NOTES, () => (failures-- > 0 ? new HttpResponse(null, { status: 500 }) : undefined)));
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const w = worker();

    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 1 });
    let [row] = await rows();
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toMatch(/Connector add ticket note answered 500/);
    const first = row!.next_attempt_at.getTime() - w.now();
    expect(first).toBe(backoffMs(1, () => 0.5));
    expect(first).toBeGreaterThanOrEqual(2_500);
    expect(first).toBeLessThanOrEqual(5_000);

    // Not due yet: nothing happens.
    w.advance(first - 1);
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 0 });
    expect(noteCalls('POST')).toHaveLength(1);

    w.advance(1);
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 1 });
    [row] = await rows();
    expect(row!.attempts).toBe(2);
    const second = row!.next_attempt_at.getTime() - w.now();
    expect(second).toBeGreaterThan(first);
    expect(second).toBe(backoffMs(2, () => 0.5));

    w.advance(second);
    expect(await w.outbox.runDue()).toEqual({ done: 1, failed: 0 });
    [row] = await rows();
    expect(row!.done_at).not.toBeNull();
    expect(row!.last_error).toBeNull();
    expect(notesOn(5001)).toHaveLength(1);
    expect(noteCalls('POST')).toHaveLength(3);
    // Every retry looked first, and found nothing.
    expect(noteCalls('GET')).toHaveLength(2);
  });

  test.each([
    ['DeskDirector answers 500 after storing it', async () => new HttpResponse(null, { status: 500 })],
    ['the connection drops after it was stored', async () => HttpResponse.error()],
    [
      'the answer comes after the timeout',
      async () => {
        await delay(800);
        return HttpResponse.json({});
      },
    ],
  ])('is not written twice when %s', async (_, answer) => {
    h.server.use(
      http.post(
        NOTES,
        async ({ request }) => {
          await h.up.dd.app.fetch(request); // DeskDirector stores the note...
          return answer(); // ...but the proxy cannot know it.
        },
        { once: true },
      ),
    );
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const w = worker();
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 1 });
    expect(notesOn(5001)).toHaveLength(1);

    w.advance(BACKOFF_CAP_MS);
    expect(await w.outbox.runDue()).toEqual({ done: 1, failed: 0 });
    expect(notesOn(5001)).toHaveLength(1);
    expect(noteCalls('POST')).toHaveLength(1);
    expect(noteCalls('GET')).toHaveLength(1);
    expect(w.lines.some((l) => JSON.parse(l).how === 'found')).toBe(true);
  });

  test('a proxy that stopped mid-call: the lease expires, the next worker looks before posting', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const start = Date.now() + 1_000;
    // The first worker claimed the row, wrote the note, and died before recording it.
    await h.db.query(`update outbox set attempts = 1, next_attempt_at = $1`, [new Date(start + 60_000).toISOString()]);
    const [row] = await rows();
    h.up.dd.notes.set(5001, [{ id: 1, text: `whatever ${row!.payload.marker}`, isInternal: true, createdOn: '' }]);

    const w = worker({ start });
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 0 }); // leased
    w.advance(60_000);
    expect(await w.outbox.runDue()).toEqual({ done: 1, failed: 0 });
    expect(notesOn(5001)).toHaveLength(1);
    expect(noteCalls('POST')).toEqual([]);
  });

  test('two workers at once (two proxies on one database) write it once', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const [a, b] = [worker(), worker()];
    const results = await Promise.all([a.outbox.runDue(), b.outbox.runDue()]);
    expect(results.reduce((n, r) => n + r.done, 0)).toBe(1);
    expect(notesOn(5001)).toHaveLength(1);
  });

  test('without a key for the host: kept with a visible reason, retried slowly, sent once a key is added', async () => {
    const hosts = `${DD_HOST},${OTHER_DD_HOST}`;
    const otherOnly = testConfig({ DESKDIRECTOR_HOSTS: hosts, DESKDIRECTOR_API_KEYS: `${OTHER_DD_HOST}=another-key-123` });
    h.app = (await createTestProxy({ db: h.db, config: otherOnly })).app;
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    let [row] = await rows();
    expect(row!.last_error).toBe(NO_KEY_ERROR);

    const w = worker({ config: otherOnly });
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 1 });
    [row] = await rows();
    expect(row!.attempts).toBe(0);
    expect(row!.next_attempt_at.getTime()).toBe(w.now() + BACKOFF_CAP_MS);
    expect(noteCalls('POST')).toEqual([]);
    expect(w.lines.join('\n')).toContain('DESKDIRECTOR_API_KEYS');

    // The admin adds the key and restarts.
    const fixed = worker({
      config: testConfig({ DESKDIRECTOR_HOSTS: hosts, DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}` }),
      start: w.now() + BACKOFF_CAP_MS,
    });
    expect(await fixed.outbox.runDue()).toEqual({ done: 1, failed: 0 });
    expect(notesOn(5001)).toHaveLength(1);
  });

  test('a wrong key: 401 is kept as the reason, retried, and the key never shows', async () => {
    const wrong = testConfig({ DESKDIRECTOR_API_KEYS: `${DD_HOST}=wrong-key-but-secret-9` });
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const w = worker({ config: wrong });
    expect(await w.outbox.runDue()).toEqual({ done: 0, failed: 1 });
    const [row] = await rows();
    expect(row!.last_error).toMatch(/answered 401/);
    const everything = [JSON.stringify(await rows()), ...w.lines, ...h.logLines, ...h.replies.map((r) => r.text)].join('\n');
    expect(everything).not.toContain('wrong-key-but-secret-9');
    expect(everything).not.toContain(TEST_DD_API_KEY);
  });
});

describe('the ledger on disk', () => {
  test('the escalation and its queued note survive a restart, and the note is sent after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-outbox-'));
    try {
      let db = await openDb({ dataDir: dir });
      await migrate(db);
      const { app } = await createTestProxy({ db, config: h.config });
      const res = await app.request('/api/escalations/5002', {
        method: 'POST',
        headers: { authorization: `DdAccessToken ${h.up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST, 'content-type': 'application/json' },
        body: JSON.stringify({ ...sampleDraft }),
      });
      expect(res.status).toBe(201);
      const { escalation } = (await res.json()) as { escalation: { id: string } };
      await db.close();

      db = await openDb({ dataDir: dir });
      await migrate(db);
      const kept = await db.query<{ id: string; state: string }>('select id, state from escalations');
      expect(kept.rows).toEqual([{ id: escalation.id, state: 'open' }]);
      const queued = await rows(db);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ escalation_id: escalation.id, done_at: null });

      expect(await worker({ db }).outbox.runDue()).toEqual({ done: 1, failed: 0 });
      expect(notesOn(5002)).toHaveLength(1);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the running worker', () => {
  test('each tick sends what is due and sweeps the ledger when the sweep is due', async () => {
    await h.db.query(`insert into idempotency_keys (dd_host, caller, key, request_hash, created_at) values ($1, 'portal:101', 'old-key-0001', 'x', $2)`, [
      DD_HOST,
      new Date(Date.now() - 49 * 3_600_000).toISOString(),
    ]);
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const outbox = createOutboxWorker({ ledger: createLedger(h.db), config: h.config, log: createLogger(() => {}, 'silent') });
    outbox.start(20);
    try {
      await vi.waitFor(async () => {
        expect(notesOn(5001)).toHaveLength(1);
        expect((await h.db.query(`select key from idempotency_keys where key = 'old-key-0001'`)).rows).toEqual([]);
      });
    } finally {
      await outbox.stop();
    }
  });
});

describe('backoff and configuration', () => {
  test('backoff doubles, is jittered between half and all, and is capped at 10 minutes', () => {
    expect(backoffMs(1, () => 0)).toBe(2_500);
    expect(backoffMs(1, () => 1)).toBe(5_000);
    expect(backoffMs(3, () => 1)).toBe(20_000);
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(30, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  test('DESKDIRECTOR_API_KEYS is parsed per host', () => {
    const config = testConfig({
      DESKDIRECTOR_HOSTS: `${DD_HOST},${OTHER_DD_HOST}`,
      DESKDIRECTOR_API_KEYS: ` ${DD_HOST}/=key=with=equals , ${OTHER_DD_HOST}=another-key-123`,
    });
    expect([...config.deskDirectorApiKeys]).toEqual([
      [DD_HOST, 'key=with=equals'],
      [OTHER_DD_HOST, 'another-key-123'],
    ]);
    expect(JSON.stringify(config)).not.toContain('another-key-123');
  });

  test.each([
    ['a host that is not in DESKDIRECTOR_HOSTS', `http://elsewhere.test=very-secret-key-1`, /elsewhere\.test is not in DESKDIRECTOR_HOSTS/],
    ['no "="', 'very-secret-key-1', /entry 1 must be/],
    ['a short key', `${DD_HOST}=short`, /must be 8 to 512/],
    ['a host twice', `${DD_HOST}=very-secret-key-1,${DD_HOST}=very-secret-key-2`, /lists one host twice/],
  ])('DESKDIRECTOR_API_KEYS with %s stops startup without printing the key', (_, value, message) => {
    const result = loadConfig({ ...testEnv, DESKDIRECTOR_API_KEYS: value });
    expect(result.ok).toBe(false);
    const problems = result.ok ? '' : result.problems.join('\n');
    expect(problems).toMatch(message);
    expect(problems).not.toMatch(/very-secret-key|short\b/);
  });
});
