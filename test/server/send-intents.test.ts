// A send is announced (an intent, flushed) while DeskDirector is read, so the ticket's slot
// needs no flush of its own before Directly is asked. Intents hold nothing while a request
// runs; after a crash of the proxy they are dropped; after a restart of the machine (which
// can lose the slot's unflushed commit) the ticket is held as unknown, never sent blindly.
import { http, HttpResponse, delay } from 'msw';
import { describe, expect, test } from 'vitest';
import { DD_HOST, ddUrl } from '../support/upstreams.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { STALE_INTENT_MS } from '../../server/ledger/send-intents.ts';
import { ledgerOnPostgres } from '../support/ledger.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';
import { SIMULATE_OUTAGE } from '../../sim/directly/app.ts';

const h = useProxy();
const intents = async () => (await h.db.query<{ ticket_id: number | string }>(`select ticket_id from send_intents`)).rows.map((r) => Number(r.ticket_id));
const helpDeskIds = async () => (await h.db.query<{ help_desk_id: string }>(`select help_desk_id from escalations`)).rows.map((r) => r.help_desk_id);
const alice = { app: 'portal' as const, id: 101, name: 'Alice Nguyen' };

/** A send left on disk by a proxy on `boot`, `ageMs` ago, as if it stopped mid-read. */
async function leftBehind(ticketId: number, boot: string, ageMs = 0, draft = { subject: 'Printer offline', text: 'It says offline.' }) {
  const then = Date.now() - ageMs;
  const intent = await createLedger(h.db, () => then, boot).intents.announce({
    host: DD_HOST,
    ticketId,
    helpDeskId: String(ticketId),
    escalatedBy: alice,
    ...draft,
  });
  await intent.onDisk;
  return intent;
}
/** The proxy starting again on `boot`: what main.ts does before it listens. */
const restartOn = (boot: string) => createLedger(h.db, Date.now, boot).intents.recover();

describe('while a send runs', () => {
  test('a sent ticket leaves no intent; a refused, closed or missing one leaves none either', async () => {
    expect(escalationOf(await h.escalate(5001, 'contact:101')).state).toBe('open');
    expect((await h.escalate(5008, 'contact:101')).status).toBe(403);
    await h.up.dd.setTicketStatus(5010, 'Closed');
    expect((await h.escalate(5010, 'member:9001')).status).toBe(409);
    expect((await h.escalate(99999, 'contact:101')).status).toBe(404);
    // A claimed send's intent goes once Directly is being asked.
    await expect.poll(intents).toEqual([]);
  });

  test("someone else's send in progress does not hold the ticket: its owner sends it meanwhile", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // contact:101 may not see 5008; DeskDirector takes its time to say so.
    const token = h.up.dd.mint('contact:101');
    h.server.use(
      http.get(ddUrl('portalTicket', 5008), async ({ request }) => {
        if (request.headers.get('authorization') !== `DdAccessToken ${token}`) return;
        await held;
        await delay(1);
        return new HttpResponse(null, { status: 403 });
      }),
    );
    const refused = h.call('POST', '/api/escalations/5008', { token, json: h.escalationBody(5008, 'contact:101') });
    await expect.poll(intents).toEqual(h.db.durableCommits ? [] : [5008]);
    expect(escalationOf(await h.escalate(5008, 'contact:102')).state).toBe('open');
    release();
    expect((await refused).status).toBe(403);
    await expect.poll(intents).toEqual([]);
    expect((await h.history(5008)).map((e) => e.escalatedBy.id)).toEqual([102]);
  });
});

// PostgreSQL writes no intents: a claim it acknowledged is already on disk.
describe.skipIf(ledgerOnPostgres)('after the proxy or the machine stopped mid-send', () => {
  test('the machine restarted: the ticket is held as unknown, with the helpDeskId the lost claim would have sent', async () => {
    await leftBehind(5001, 'boot-before');
    expect(await restartOn('boot-after')).toBe(1);
    expect(await intents()).toEqual([]);
    const [held] = await h.history(5001, 'member:9001');
    expect(held).toMatchObject({ state: 'unknown', subject: 'Printer offline', escalatedBy: alice });
    expect(await helpDeskIds()).toEqual(['5001']);
    expect(held!.lastError).toMatch(/restarted while this ticket was being sent.*may exist in Directly/);
    expect(held!.attempts.map((a) => a.outcome)).toEqual(['unknown']);
    // Nobody sends it blindly now; a second start changes nothing more.
    const again = await h.escalate(5001, 'contact:101');
    expect(again.status).toBe(409);
    expect(errorOf(again).escalation!.id).toBe(held!.id);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
    expect(await restartOn('boot-after')).toBe(0);
    expect(await h.history(5001, 'member:9001')).toHaveLength(1);
  });

  test('after a failed try, the held record is that same escalation, with its helpDeskId', async () => {
    const failed = errorOf(await h.escalate(5001, 'contact:101', { text: `Sync stuck. ${SIMULATE_OUTAGE}` })).escalation!;
    h.up.directly.outage(0);
    expect(failed.state).toBe('failed');
    await expect.poll(intents).toEqual([]);
    await leftBehind(5001, 'boot-before');
    await restartOn('boot-after');
    const history = await h.history(5001, 'member:9001');
    expect(history.map((e) => [e.id, e.state])).toEqual([[failed.id, 'unknown']]);
    expect(await helpDeskIds()).toEqual(['5001']);
  });

  test('the machine restarted but the ticket is already held: the intent goes, nothing else changes', async () => {
    const open = escalationOf(await h.escalate(5001, 'contact:101'));
    await expect.poll(intents).toEqual([]);
    await leftBehind(5001, 'boot-before');
    expect(await restartOn('boot-after')).toBe(1);
    expect((await h.history(5001, 'member:9001')).map((e) => [e.id, e.state])).toEqual([[open.id, 'open']]);
    expect(await intents()).toEqual([]);
  });

  test('only the proxy stopped (same boot): Directly was never asked, so a stale intent is dropped and the ticket stays free', async () => {
    const boot = 'this-boot';
    await leftBehind(5001, boot, STALE_INTENT_MS + 1_000);
    await leftBehind(5002, boot, 1_000); // a request that may still be running
    expect(await restartOn(boot)).toBe(0);
    expect(await intents()).toEqual([5002]);
    expect(await h.history(5001, 'member:9001')).toEqual([]);
    expect(escalationOf(await h.escalate(5001, 'contact:101')).state).toBe('open');
  });
});
