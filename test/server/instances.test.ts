// One proxy serving two DeskDirector instances: equal ticket numbers on each must never
// share a Directly question (Directly knows a question by helpDeskId alone).
import { expect, test } from 'vitest';
import { testConfig } from '../support/proxy.ts';
import { DD_HOST, OTHER_DD_HOST } from '../support/upstreams.ts';
import { escalationOf, fieldsOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy({ config: () => testConfig({ DESKDIRECTOR_HOSTS: `${DD_HOST},${OTHER_DD_HOST}` }) });

const body = { subject: 'Outlook password prompts', text: 'Outlook asks for my password every few minutes.' };

test('ticket 5001 on two instances makes two questions with distinct helpDeskIds, and closing one leaves the other open', async () => {
  const here = await h.call('POST', '/api/escalations/5001', { token: h.up.dd.mint('contact:101'), json: body });
  const there = await h.call('POST', '/api/escalations/5001', { token: h.up.otherDd.mint('contact:101'), host: OTHER_DD_HOST, json: body });
  expect([here.status, there.status]).toEqual([201, 201]);
  expect(h.up.directly.questions.map((q) => fieldsOf(q).helpDeskId)).toEqual(['5001@dd.test', '5001@other-dd.test']);

  const closed = await h.call('POST', '/api/escalations/5001/close', { token: h.up.otherDd.mint('member:9001'), host: OTHER_DD_HOST, app: 'tech' });
  expect(escalationOf(closed).state).toBe('closed');
  const [first, second] = h.up.directly.questions;
  expect(second!.status).toBe('CLOSED');
  expect(first!.status).toBe('0 answers');
});
