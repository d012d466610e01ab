// Escalating a ticket: the proxy acts only on tickets DeskDirector shows the caller,
// reads them as the caller, and sends Directly what DeskDirector says, never what the
// browser says.
import { beforeEach, describe, expect, test } from 'vitest';
import type { ExpertMapping } from '../../common/expert-mapping.ts';
import { escalationListSchema } from '../../common/contract.ts';
import { createTestProxy } from '../support/proxy.ts';
import { endpointPath } from '../../server/profile/profile.ts';
import { DD_HOST, DD_PROFILE, DIRECTLY_URL, TEST_DIRECTLY_TOKEN } from '../support/upstreams.ts';
import { errorOf, escalationOf, fieldsOf, sampleDraft, useProxy } from '../support/proxy-harness.ts';
import { parse } from 'valibot';

const h = useProxy();

describe('a Portal user', () => {
  test('escalates their own ticket: 201, open, and Directly gets exactly this form', async () => {
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(201);
    const escalation = escalationOf(res);
    const [question] = h.up.directly.questions;
    expect(h.up.directly.questions).toHaveLength(1);
    expect(escalation).toMatchObject({
      host: DD_HOST,
      ticketId: 5001,
      companyName: 'Northwind Traders',
      state: 'open',
      questionId: question!.id,
      questionUrl: question!.url,
      subject: sampleDraft.subject,
      text: sampleDraft.text,
      askedFor: { name: 'Alice Nguyen', email: 'alice@northwind.example' },
      escalatedBy: { app: 'portal', id: 101, name: 'Alice Nguyen' },
      closedBy: null,
      lastError: null,
    });
    expect(question!.fields).toEqual([
      ['text', sampleDraft.text],
      ['emailAddress', 'alice@northwind.example'],
      ['fullname', 'Alice Nguyen'],
      ['helpDeskId', '5001'],
      ['subject', sampleDraft.subject],
      ['metadata[Category]', 'How-to'],
      ['metadata[Priority]', 'Medium'],
      ['metadata[DeskDirector][Ticket ID]', '5001'],
      ['metadata[DeskDirector][Company]', 'Northwind Traders'],
      ['metadata[DeskDirector][Board]', 'Help Desk'],
      ['metadata[DeskDirector][Ticket link]', `${DD_HOST}/portal/deeplink?name=ticket&ticket_id=5001`],
    ]);
    const [save] = h.directlyCalls('saveQuestion');
    expect(save!.headers.get('apitoken')).toBe(TEST_DIRECTLY_TOKEN);
    expect(save!.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
  });

  test("cannot escalate another contact's ticket: 403, no saveQuestion", async () => {
    const res = await h.escalate(5008, 'contact:101');
    expect(res.status).toBe(403);
    expect(errorOf(res).error.code).toBe('forbidden');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
    expect(await h.history(5008)).toEqual([]);
  });

  test('cannot escalate a ticket that does not exist: 404, no saveQuestion', async () => {
    const res = await h.escalate(99999, 'contact:101');
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('ticket_not_found');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });

  test('cannot close a question, even on their own ticket: 403, no closeQuestion', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const res = await h.close(5001, 'contact:101');
    expect(res.status).toBe(403);
    expect(errorOf(res).error.code).toBe('forbidden');
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
    expect(h.up.directly.questions[0]!.status).not.toBe('CLOSED');
    expect((await h.history(5001))[0]!.state).toBe('open');
  });

  test("cannot read the history of another contact's ticket", async () => {
    expect((await h.escalate(5008, 'member:9001')).status).toBe(201);
    const res = await h.call('GET', '/api/escalations/5008/history', { as: 'contact:101' });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('bob@northwind.example');
  });

  test('sees in the list only escalations asked by or for them', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    expect((await h.escalate(5002, 'member:9001')).status).toBe(201); // for Alice, by a technician
    expect((await h.escalate(5008, 'member:9001')).status).toBe(201); // for Bob
    const res = await h.call('GET', '/api/escalations?ticketIds=5001,5002,5008', { as: 'contact:101' });
    expect(res.status).toBe(200);
    const { escalations } = parse(escalationListSchema, res.json);
    expect(escalations.map((e) => e.ticketId).sort()).toEqual([5001, 5002]);
    const tech = parse(escalationListSchema, (await h.call('GET', '/api/escalations?ticketIds=5001,5002,5008', { as: 'member:9002' })).json);
    expect(tech.escalations.map((e) => e.ticketId).sort()).toEqual([5001, 5002, 5008]);
  });

  test.each([['abc'], ['0'], ['-1'], ['1.5'], [Array.from({ length: 101 }, (_, i) => i + 1).join(',')]])('list with ticketIds=%s: 400', async (ids) => {
    const res = await h.call('GET', `/api/escalations?ticketIds=${ids}`, { as: 'contact:101' });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.fields).toHaveProperty('ticketIds');
  });
});

describe('a technician', () => {
  test("escalates any ticket on behalf of the ticket's contact", async () => {
    const res = await h.escalate(5010, 'member:9001');
    expect(res.status).toBe(201);
    const fields = fieldsOf(h.up.directly.questions[0]!);
    expect(fields.emailAddress).toBe('carmen@contoso.example');
    expect(fields.fullname).toBe('Carmen Ruiz');
    expect(fields.helpDeskId).toBe('5010');
    expect(JSON.stringify(h.up.directly.questions[0]!.fields)).not.toMatch(/tess|Tess Tech/);
    expect(escalationOf(res)).toMatchObject({
      askedFor: { name: 'Carmen Ruiz', email: 'carmen@contoso.example' },
      escalatedBy: { app: 'tech', id: 9001, name: 'Tess Tech' },
      companyName: 'Contoso Dental',
    });
  });

  test('gets 404 for a ticket that does not exist, and no saveQuestion', async () => {
    const res = await h.escalate(99999, 'member:9002');
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('ticket_not_found');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });

  test("is refused when the ticket's contact has no email address: 422, no saveQuestion", async () => {
    h.up.dd.tickets.find((t) => t.id === 5011)!.contact.email = null;
    const res = await h.escalate(5011, 'member:9001');
    expect(res.status).toBe(422);
    expect(errorOf(res).error.code).toBe('contact_has_no_email');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });
});

describe('ticket data comes from DeskDirector, never from the browser', () => {
  test.each([
    ['emailAddress', { emailAddress: 'x@evil.test' }],
    ['fullname', { fullname: 'Mallory' }],
    ['summary', { summary: 'Send me the admin password' }],
    ['contact', { contact: { name: 'Mallory', email: 'x@evil.test' } }],
    ['metadata', { metadata: { Company: 'Evil Corp' } }],
    ['helpDeskId', { helpDeskId: '1' }],
  ])('an extra %s field: 400 naming the field, nothing sent to Directly', async (field, extra) => {
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json: { ...sampleDraft, ...extra } });
    expect(res.status).toBe(400);
    const { error } = errorOf(res);
    expect(error.code).toBe('invalid_request');
    expect(error.fields).toBeDefined();
    expect(JSON.stringify(error.fields)).toContain(field);
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
    expect(await h.history(5001)).toEqual([]);
  });

  test('metadata and contact follow what DeskDirector holds at the time of the call', async () => {
    const ticket = h.up.dd.tickets.find((t) => t.id === 5002)!;
    ticket.company = { id: 77, name: 'Renamed Co' };
    ticket.priority = { id: 3, name: 'High' };
    ticket.contact = { ...ticket.contact, name: 'Alice N. (renamed)' };
    const res = await h.escalate(5002, 'member:9001');
    expect(res.status).toBe(201);
    const fields = fieldsOf(h.up.directly.questions[0]!);
    expect(fields['metadata[DeskDirector][Company]']).toBe('Renamed Co');
    expect(fields['metadata[Priority]']).toBe('High');
    expect(fields.fullname).toBe('Alice N. (renamed)');
    expect(escalationOf(res).companyName).toBe('Renamed Co');
  });

  test("the DeskDirector ticket is read with the caller's own token and app", async () => {
    const token = h.up.dd.mint('contact:101');
    expect((await h.call('POST', '/api/escalations/5003', { token, json: { ...sampleDraft } })).status).toBe(201);
    const ddCalls = h.sent.filter((s) => s.url.origin === DD_HOST);
    expect(ddCalls.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      `GET ${endpointPath(DD_PROFILE, 'portalMe')}`,
      `GET ${endpointPath(DD_PROFILE, 'portalTicket', 5003)}`,
    ]);
    for (const s of ddCalls) expect(s.headers.get('authorization')).toBe(`DdAccessToken ${token}`);
    expect(h.callsOutside(DD_HOST).map((s) => s.url.origin)).toEqual([DIRECTLY_URL]);
  });

  test('control and bidi characters in the draft are removed before Directly sees it', async () => {
    const res = await h.escalate(5004, 'contact:101', {
      subject: '  Camera\u0000 black\u202E  ',
      text: 'The camera\u200B is black in Teams\r\nmeetings only.\u0007',
    });
    expect(res.status).toBe(201);
    const fields = fieldsOf(h.up.directly.questions[0]!);
    expect(fields.subject).toBe('Camera black');
    expect(fields.text).toBe('The camera is black in Teams\nmeetings only.');
    expect(escalationOf(res).text).toBe(fields.text);
  });
});

describe('the mapping in the configuration decides routing', () => {
  const mapping: ExpertMapping = {
    visible: { Ticket: 'id' },
    hidden: { Internal: { 'Contact email': 'contactEmail' } },
    rules: [{ when: { type: 'incident', priority: 'HIGH' }, questionCategory: 'incidents', isEliteOnly: true }],
    defaults: { questionCategory: 'general', isEliteOnly: false },
  };
  beforeEach(async () => {
    h.app = (await createTestProxy({ db: h.db, config: { ...h.config, mapping } })).app;
  });

  test('a matching rule (case-insensitive) sets questionCategory and isEliteOnly=on', async () => {
    const res = await h.escalate(5004, 'contact:101'); // Incident, High
    expect(res.status).toBe(201);
    const fields = fieldsOf(h.up.directly.questions[0]!);
    expect(fields.questionCategory).toBe('incidents');
    expect(fields.isEliteOnly).toBe('on');
    expect(fields['metadata[Ticket]']).toBe('5004');
    // The variant's tickets carry no contact email: Alice asks for her own ticket, so hers is the contact's.
    expect(h.up.directly.questions[0]!.fields.map(([k]) => k).filter((k) => k.startsWith('metadata'))).toEqual([
      'metadata[Ticket]',
      'metadata[Internal][Contact email]',
    ]);
    expect(fields['metadata[Internal][Contact email]']).toBe('alice@northwind.example');
  });

  test('otherwise the defaults apply', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    const fields = fieldsOf(h.up.directly.questions[0]!);
    expect(fields.questionCategory).toBe('general');
    expect(fields).not.toHaveProperty('isEliteOnly');
  });
});
