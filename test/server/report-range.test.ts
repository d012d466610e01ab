// The report's filters and its CSV as a manager reads them: a From after To is refused
// with a message on To, and the CSV names states as the page does.
import { expect, test } from 'vitest';
import { stateLabels } from '../../common/contract.ts';
import { toCsv } from '../../server/escalations/csv.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

test('a From after To is a 400 naming To, for the list and the CSV alike', async () => {
  for (const path of ['/api/admin/escalations', '/api/admin/escalations.csv']) {
    const res = await h.call('GET', `${path}?from=2024-05-10&to=2024-05-01`, { as: 'member:9001' });
    expect(res.status).toBe(400);
    expect(errorOf(res).error).toMatchObject({ code: 'invalid_request', fields: { to: 'must be on or after From' } });
  }
});

test('From and To on the same day is one day, not an error', async () => {
  const res = await h.call('GET', '/api/admin/escalations?from=2024-05-10&to=2024-05-10', { as: 'member:9001' });
  expect(res.status).toBe(200);
});

test('the CSV names each state as the page does, never by its code', async () => {
  expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
  const res = await h.call('GET', '/api/admin/escalations.csv', { as: 'member:9001' });
  const [header, row] = res.text.split('\r\n');
  expect(header).toMatch(/^escalation id,ticket,company,state,/);
  expect(row).toMatch(/,With experts,/);
  expect(row).not.toMatch(/,open,/);
});

test('every state has its own label in the CSV', () => {
  const sample = { id: 'x', ticketId: 1, companyName: 'C', questionId: null, questionUrl: null, subject: 's', text: '', askedFor: { name: 'a', email: 'a@x' } };
  const actor = { app: 'tech' as const, id: 1, name: 'T' };
  const rows = Object.keys(stateLabels).map((state) => ({
    ...sample,
    host: 'h',
    state: state as keyof typeof stateLabels,
    escalatedBy: actor,
    closedBy: null,
    createdAt: '2024-05-01T00:00:00Z',
    updatedAt: '2024-05-01T00:00:00Z',
    closedAt: null,
    lastError: null,
    attempts: [],
  }));
  const states = toCsv(rows)
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[3]);
  expect(states).toEqual(Object.values(stateLabels).map((l) => l.badge));
  expect(new Set(states).size).toBe(states.length);
});
