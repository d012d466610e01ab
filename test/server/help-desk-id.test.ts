// Per-escalation helpDeskId (issue 12, item 5): Directly calls it the case's unique id, so
// a ticket escalated again must not reuse it. The first keeps today's id.
import { expect, test } from 'vitest';
import { createLedger } from '../../server/ledger/index.ts';
import { escalationOf, fieldsOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

const sentIds = () => h.up.directly.questions.map((q) => fieldsOf(q).helpDeskId);
const closedIds = async () => Promise.all(h.directlyCalls('closeQuestion').map(async (c) => new URLSearchParams(await c.body).get('helpDeskId')));

test('a re-escalation gets its own helpDeskId, stored on the record and used by its close', async () => {
  expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
  expect((await h.close(5001)).status).toBe(200);
  expect((await h.escalate(5001, 'contact:101', { subject: 'Still happening' })).status).toBe(201);
  expect((await h.close(5001)).status).toBe(200);
  expect((await h.escalate(5001, 'contact:101', { subject: 'Once more' })).status).toBe(201);
  expect(sentIds()).toEqual(['5001', '5001-2', '5001-3']);
  expect(await closedIds()).toEqual(['5001', '5001-2']);
  const { rows } = await h.db.query<{ help_desk_id: string }>(`select help_desk_id from escalations where ticket_id = 5001 order by created_at`);
  expect(rows.map((r) => r.help_desk_id)).toEqual(['5001', '5001-2', '5001-3']);
  expect(h.up.directly.questions.map((q) => q.status)).toEqual(['CLOSED', 'CLOSED', '0 answers']);
});

test('with several instances the suffix goes before the instance', async () => {
  const ledger = createLedger(h.db);
  const claim = {
    host: 'https://dd.test',
    ticketId: 5001,
    escalatedBy: { app: 'portal' as const, id: 101, name: 'Alice' },
    companyName: null,
    subject: 's',
    text: 't',
  };
  const sent = [];
  for (const n of [1, 2, 3]) {
    const c = await ledger.escalations.claim({ ...claim, askedFor: { name: 'Alice', email: 'a@x' }, helpDeskId: '5001@dd.test', question: null });
    if (!('created' in c)) throw new Error(`claim ${n} found the slot taken`);
    sent.push(c.helpDeskId);
    await ledger.escalations.markOpen(c.created, { id: n, url: `https://directly.test/q/${n}` });
    await ledger.escalations.markClosed(c.created.id, null);
  }
  expect(sent).toEqual(['5001@dd.test', '5001-2@dd.test', '5001-3@dd.test']);
  // A ticket of its own keeps the plain id.
  const other = await ledger.escalations.claim({ ...claim, ticketId: 5002, askedFor: { name: 'Alice', email: 'a@x' }, helpDeskId: '5002', question: null });
  expect('created' in other && other.helpDeskId).toBe('5002');
});

test('a failed escalation counts too: the next one is distinct even if the first never reached Directly', async () => {
  expect(escalationOf(await h.escalate(5002, 'contact:101')).state).toBe('open');
  await h.db.query(`update escalations set state = 'failed' where ticket_id = 5002`);
  expect((await h.escalate(5002, 'contact:101')).status).toBe(201);
  expect(sentIds()).toEqual(['5002', '5002-2']);
});
