import type { Context, Hono } from 'hono';
import { type DdApp, type DdTicket, ddEndpointNames } from '../../common/deskdirector.ts';
import { companies, contacts, members } from './data.ts';
import { route, type SimDialect } from './dialect.ts';
import type { SimClaims } from './tokens.ts';

export interface SimNote {
  id: number;
  text: string;
  isInternal: boolean;
  createdOn: string;
}

export interface SimApiState {
  dialect: SimDialect;
  tickets: DdTicket[];
  notes: Map<number, SimNote[]>;
  apiKey: string | undefined;
  /** The caller's verified claims for the app, or null. */
  claimsOf(c: Context, want: DdApp): SimClaims | null;
  count(name: string): void;
}

/** The counters' names, the product's own, so the bench and tests read them whatever the paths are. */
const endpointNames = ddEndpointNames;

const PAGE_MAX = 100;
export const CONNECTOR = '/api/v2/automate/connector';

interface FindFilter {
  visible: (t: DdTicket) => boolean;
  names: { take: string; skip: string; search: string; openOnly: string };
}

/** The Portal, TECH and connector ticket API, in the instance's dialect. */
export function registerApi(app: Hono, s: SimApiState): void {
  const { dialect: d } = s;
  const unauthorized = (c: Context) => c.json({ errorCode: 'Unauthorized', message: 'Access token is missing, invalid or expired.' }, 401);
  const badKey = (c: Context) => c.json({ errorCode: 'Unauthorized', message: 'API key is missing or invalid.' }, 401);
  const notFound = (c: Context) => c.json({ errorCode: 'NotFound', message: 'Ticket not found.' }, 404);
  const apiKeyOk = (c: Context) => Boolean(s.apiKey) && c.req.header('authorization') === `DdApi ${s.apiKey}`;
  const contactOf = (claims: SimClaims) => contacts.find((x) => `contact:${x.id}` === claims.sub);
  const memberOf = (claims: SimClaims) => members.find((x) => `member:${x.id}` === claims.sub);
  const ticketOf = (c: Context) => s.tickets.find((t) => t.id === Number(c.req.param('ticketId')));

  app.get(d.paths.portalMe, (c) => {
    s.count(endpointNames.portalMe);
    const claims = s.claimsOf(c, 'portal');
    const contact = claims && contactOf(claims);
    if (!contact) return unauthorized(c);
    return c.json(
      d.contact(
        contact,
        companies.find((co) => co.id === contact.companyId)!,
      ),
    );
  });

  app.get(d.paths.techMe, (c) => {
    s.count(endpointNames.techMe);
    const claims = s.claimsOf(c, 'tech');
    const member = claims && memberOf(claims);
    if (!member) return unauthorized(c);
    return c.json(d.member(member));
  });

  const find = async (c: Context, f: FindFilter, extra: (body: Record<string, unknown>) => (t: DdTicket) => boolean = () => () => true) => {
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    const take = Number(body[f.names.take] ?? 25);
    const skip = Number(body[f.names.skip] ?? 0);
    if (!Number.isInteger(take) || take < 1 || take > PAGE_MAX || !Number.isInteger(skip) || skip < 0) {
      return c.json({ errorCode: 'BadRequest', message: `${f.names.take} must be 1..${PAGE_MAX} and ${f.names.skip} >= 0` }, 400);
    }
    const raw = body[f.names.search];
    const search = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    const openOnly = body[f.names.openOnly] ?? true;
    const matches = s.tickets
      .filter(f.visible)
      .filter(extra(body))
      .filter((t) => !openOnly || !t.isClosed)
      .filter((t) => !search || `${t.id} ${t.summary} ${t.contact.name} ${t.company?.name ?? ''}`.toLowerCase().includes(search))
      .sort((a, b) => b.id - a.id);
    return c.json(d.list(matches.slice(skip, skip + take).map(d.ticket), matches.length));
  };

  app.post(d.paths.portalTicketsFind, async (c) => {
    s.count(endpointNames.portalTicketsFind);
    const claims = s.claimsOf(c, 'portal');
    const contact = claims && contactOf(claims);
    if (!contact) return unauthorized(c);
    return find(c, { visible: (t) => t.contact.id === contact.id, names: d.find });
  });

  app.post(d.paths.techTicketsFind, async (c) => {
    s.count(endpointNames.techTicketsFind);
    const claims = s.claimsOf(c, 'tech');
    if (!claims || !memberOf(claims)) return unauthorized(c);
    return find(c, { visible: () => true, names: d.find });
  });

  const ticketRoute = (key: 'portalTicket' | 'techTicket', app: DdApp) => (c: Context) => {
    s.count(endpointNames[key]);
    const claims = s.claimsOf(c, app);
    if (!claims) return unauthorized(c);
    const ticket = ticketOf(c);
    if (!ticket) return notFound(c);
    if (app === 'portal' && ticket.contact.id !== contactOf(claims)?.id) {
      return c.json({ errorCode: 'Forbidden', message: 'You do not have access to this ticket.' }, 403);
    }
    return c.json(d.ticket(ticket));
  };
  app.get(route(d.paths.portalTicket), ticketRoute('portalTicket', 'portal'));
  app.get(route(d.paths.techTicket), ticketRoute('techTicket', 'tech'));

  // The documented connector reads, with an API key: they see every ticket.
  app.get(`${CONNECTOR}/tickets/:ticketId`, (c) => {
    s.count(endpointNames.connectorTicket);
    if (!apiKeyOk(c)) return badKey(c);
    const ticket = ticketOf(c);
    return ticket ? c.json(d.ticket(ticket)) : notFound(c);
  });
  app.post(`${CONNECTOR}/tickets/find`, async (c) => {
    s.count(endpointNames.connectorTicketsFind);
    if (!apiKeyOk(c)) return badKey(c);
    const n = d.connectorFind;
    const byNumber = (v: unknown) => (v === undefined || v === null ? null : Number(v));
    return find(c, { visible: () => true, names: n }, (body) => {
      const contactId = byNumber(body[n.contactId]);
      const companyId = byNumber(body[n.companyId]);
      return (t) => (contactId === null || t.contact.id === contactId) && (companyId === null || t.company?.id === companyId);
    });
  });

  let nextNoteId = 70001;
  app.post(route(d.paths.addNote), async (c) => {
    s.count(endpointNames.addNote);
    if (!apiKeyOk(c)) return badKey(c);
    const ticket = ticketOf(c);
    if (!ticket) return notFound(c);
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    const text = body[d.note.text];
    if (typeof text !== 'string' || !text.trim() || text.length > 10_000) {
      return c.json({ errorCode: 'BadRequest', message: `${d.note.text} is required (1 to 10000 characters).` }, 400);
    }
    const note: SimNote = { id: nextNoteId++, text, isInternal: body[d.note.isInternal] === true, createdOn: new Date().toISOString() };
    s.notes.set(ticket.id, [...(s.notes.get(ticket.id) ?? []), note]);
    return c.json({ id: note.id, [d.note.text]: note.text, isInternal: note.isInternal, createdOn: note.createdOn }, 201);
  });

  app.get(route(d.paths.listNotes), (c) => {
    s.count(endpointNames.listNotes);
    if (!apiKeyOk(c)) return badKey(c);
    const ticket = ticketOf(c);
    if (!ticket) return notFound(c);
    const list = (s.notes.get(ticket.id) ?? []).map((n) => ({ id: n.id, [d.note.text]: n.text, isInternal: n.isInternal, createdOn: n.createdOn }));
    return c.json(d.list(list, list.length));
  });
}
