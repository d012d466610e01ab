// A ticket DeskDirector already closed is not sent: nothing would ever close its question.
import { expect, test } from 'vitest';
import { errorOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

test('a closed ticket: 409 ticket_closed saying why, and nothing reaches Directly', async () => {
  await h.up.dd.setTicketStatus(5010, 'Closed');
  const res = await h.escalate(5010, 'member:9001');
  expect(res.status).toBe(409);
  expect(errorOf(res).error).toMatchObject({ code: 'ticket_closed', message: expect.stringContaining('closed in DeskDirector (Closed)') });
  expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
  expect(await h.history(5010)).toEqual([]);
});

test('a status named in DESKDIRECTOR_CLOSED_STATUSES counts as closed even without isClosed', async () => {
  const ticket = h.up.dd.tickets.find((t) => t.id === 5001)!;
  ticket.status = { id: 77, name: 'Resolved' };
  delete ticket.isClosed;
  const res = await h.escalate(5001, 'contact:101');
  expect(res.status).toBe(409);
  expect(errorOf(res).error.code).toBe('ticket_closed');
  expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
});
