// A Portal user withdraws their own open question: it is closed at Directly and recorded
// as closed by them. Nobody else's question can be withdrawn, and technicians close instead.
import { expect, test } from 'vitest';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();
const withdraw = (ticketId: number, as: string) => h.call('POST', `/api/escalations/${ticketId}/withdraw`, { as });

test('the asker withdraws: closed at Directly, recorded as closed by them; a second try finds nothing open', async () => {
  const opened = escalationOf(await h.escalate(5001, 'contact:101'));
  const res = await withdraw(5001, 'contact:101');
  expect(res.status).toBe(200);
  expect(escalationOf(res)).toMatchObject({ id: opened.id, state: 'closed', closedBy: { app: 'portal', id: 101 } });
  expect(h.up.directly.questions[0]!.status).toBe('CLOSED');
  expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  expect((await withdraw(5001, 'contact:101')).status).toBe(404);
  expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
});

test('a question asked for someone else cannot be withdrawn by them, and nothing reaches Directly', async () => {
  await h.escalate(5001, 'contact:101');
  // Bob shares Alice's company but not her ticket: DeskDirector refuses him the ticket.
  const bob = await withdraw(5001, 'contact:102');
  expect(bob.status).toBe(403);
  // A technician's question for Carmen is hers to withdraw, not another contact's.
  await h.escalate(5010, 'member:9001');
  expect((await withdraw(5010, 'contact:101')).status).toBe(403);
  expect((await withdraw(5010, 'contact:201')).status).toBe(200);
  expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
});

test('technicians close rather than withdraw', async () => {
  await h.escalate(5001, 'contact:101');
  const res = await withdraw(5001, 'member:9001');
  expect(res.status).toBe(403);
  expect(errorOf(res).error.message).toMatch(/Technicians close/);
  expect(h.directlyCalls('closeQuestion')).toHaveLength(0);
});
