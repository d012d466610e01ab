import { describe, expect, test } from 'vitest';
import { dialects } from '../../sim/deskdirector/dialect.ts';
import { seedTickets, contacts, companies } from '../../sim/deskdirector/data.ts';
import { loadProfiles, parseProfile } from '../../server/profile/load.ts';
import { defaultProfile } from '../../server/profile/profile.ts';
import { createReaders, ShapeMismatch } from '../../server/profile/readers.ts';

const HOST = 'https://acme.deskdirector.com';
const OTHER = 'https://beta.deskdirector.com';

describe('readers accept the documented alternates out of the box', () => {
  const read = createReaders(defaultProfile);
  const ticket = seedTickets()[0]!;

  test('a ticket in either dialect reads to the same ticket, but the contact email the variant does not send', () => {
    const standard = read.ticket(dialects.standard.ticket(ticket));
    const variant = read.ticket(dialects.variant.ticket(ticket));
    expect(standard).toEqual(ticket);
    expect(variant).toEqual({ ...ticket, contact: { ...ticket.contact, email: null } });
  });

  test('lists as {results, totalResults} and as {total, resultsCount, results}', () => {
    const tickets = seedTickets().slice(0, 3);
    for (const d of [dialects.standard, dialects.variant]) {
      const page = read.ticketPage(d.list(tickets.map(d.ticket), 42));
      expect(page.totalResults).toBe(42);
      expect(page.results.map((t) => t.id)).toEqual(tickets.map((t) => t.id));
    }
  });

  test('users with id or entityId, company or account', () => {
    const c = contacts[0]!;
    const company = companies.find((x) => x.id === c.companyId)!;
    expect(read.user(dialects.variant.contact(c, company))).toMatchObject({
      id: c.id,
      userName: c.email,
      email: null,
      company: { id: company.id, name: company.name },
    });
    expect(read.user(dialects.standard.contact(c, company))).toMatchObject({ id: c.id, email: c.email });
  });

  test('a mismatch names the path of the first field that failed in the profile words, never a value', () => {
    const raw = dialects.standard.list([{ ...dialects.standard.ticket(ticket), contact: { name: 'Secret Person' } }], 1);
    try {
      read.ticketPage(raw);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeMismatch);
      expect((e as ShapeMismatch).path).toBe('results[0].contact.id|entityId');
      expect((e as Error).message).not.toContain('Secret');
    }
  });
});

describe('a profile file', () => {
  const files: Record<string, string> = {
    '/p/variant.json': JSON.stringify({
      $comment: 'from the doctor',
      endpoints: { techMe: { path: '/api/v4/tech/users/me' } },
      fields: { company: ['account'] },
    }),
    '/p/bad.json': JSON.stringify({
      ticketReads: 'both',
      endpoints: { portalTicket: { method: 'PUT', path: '/api/v2/portal/tickets' }, nope: {} },
      fields: { id: [] },
    }),
    '/p/not-json.json': '{ "endpoints": ',
  };
  const readFile = (p: string) => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return text;
  };

  test('names only what differs; the rest is the built-in profile', () => {
    const loaded = loadProfiles('/p/variant.json', [HOST], readFile);
    expect(loaded.problems).toEqual([]);
    const p = loaded.byHost.get(HOST)!;
    expect(p.endpoints.techMe).toEqual({ method: 'GET', path: '/api/v4/tech/users/me' });
    expect(p.endpoints.portalMe).toEqual(defaultProfile.endpoints.portalMe);
    expect(p.fields.company).toEqual(['account']);
  });

  test('every problem is listed with its place in the file', () => {
    const result = parseProfile(files['/p/bad.json']!, 'F');
    expect('problems' in result && result.problems).toEqual(
      expect.arrayContaining([
        'F ticketReads: must be "caller" or "connector"',
        'F endpoints.portalTicket.method: must be "GET" or "POST"',
        'F endpoints.nope: is not a profile setting',
        'F fields.id: must list at least one field name',
      ]),
    );
  });

  test('a path that loses its ticket, unreadable files and unknown hosts are refused', () => {
    const r = parseProfile(JSON.stringify({ endpoints: { portalTicket: { path: '/api/v2/portal/ticket' } } }), 'F');
    expect('problems' in r && r.problems).toEqual(['F endpoints.portalTicket.path: must contain {ticketId}']);
    expect(loadProfiles('/p/missing.json', [HOST], readFile).problems).toEqual(['DESKDIRECTOR_PROFILE_FILE: cannot read /p/missing.json (ENOENT)']);
    expect(loadProfiles('/p/not-json.json', [HOST], readFile).problems[0]).toMatch(/^DESKDIRECTOR_PROFILE_FILE \/p\/not-json.json: is not JSON/);
    expect(loadProfiles(`https://elsewhere.example=/p/variant.json`, [HOST], readFile).problems).toEqual([
      'DESKDIRECTOR_PROFILE_FILE: https://elsewhere.example is not in DESKDIRECTOR_HOSTS',
    ]);
  });

  test('one profile per instance', () => {
    const loaded = loadProfiles(`${OTHER}=/p/variant.json`, [HOST, OTHER], readFile);
    expect(loaded.problems).toEqual([]);
    expect(loaded.byHost.get(HOST)).toBe(defaultProfile);
    expect(loaded.byHost.get(OTHER)!.endpoints.techMe.path).toBe('/api/v4/tech/users/me');
  });
});
