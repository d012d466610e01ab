// Per-escalation helpDeskId (issue 12, item 5): Directly calls it the case's unique id, so
// a ticket escalated again must not reuse it. The first keeps today's id.
import { expect, test } from 'vitest';
import { nthHelpDeskId } from '../../server/ledger/escalation-slot.ts';
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

test('with several instances the suffix goes before the instance', () => {
  expect(nthHelpDeskId('5001', 1)).toBe('5001');
  expect(nthHelpDeskId('5001@dd.test', 1)).toBe('5001@dd.test');
  expect(nthHelpDeskId('5001@dd.test', 2)).toBe('5001-2@dd.test');
});

test('a failed escalation counts too: the next one is distinct even if the first never reached Directly', async () => {
  expect(escalationOf(await h.escalate(5002, 'contact:101')).state).toBe('open');
  await h.db.query(`update escalations set state = 'failed' where ticket_id = 5002`);
  expect((await h.escalate(5002, 'contact:101')).status).toBe(201);
  expect(sentIds()).toEqual(['5002', '5002-2']);
});
