// A simulated DeskDirector instance: the Portal and TECH API paths our product uses
// (see common/deskdirector-api.ts), the CORS rule of Developer Corner, tokens that
// expire, and a portal page that frames our app the way an Extension menu item does.
import { createHmac } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { endpoints, type DdApp, type DdTicket } from '../../common/deskdirector-api.ts';
import { closedStatusNames, companies, contacts, members, seedTickets, ticketStatuses } from './data.ts';
import { mintToken, verifyToken, type SimClaims } from './tokens.ts';
import { portalPage } from './portal-page.ts';

export interface DeskDirectorSimOptions {
  /** This instance's own origin, e.g. http://127.0.0.1:4010. Tokens name it as issuer. */
  origin: string;
  /** Origins allowed by the simulated Developer Corner CORS list. */
  corsOrigins: string[];
  /** Where the portal page's menu item points (our app). */
  appUrl?: string;
  tokenSecret?: string;
  /** Delay before every API answer, to model a slow instance. */
  latencyMs?: number;
  /** The API key (Developer Corner) accepted as `Authorization: DdApi <key>` by the connector paths. */
  apiKey?: string;
  /** Webhook (v2): where ticket status changes are POSTed, signed with `x-dd-signature: sha256=<HMAC>`. */
  webhook?: { url: string; secret: string; encoding?: 'hex' | 'base64' };
}

export interface SimNote {
  id: number;
  text: string;
  isInternal: boolean;
  createdOn: string;
}

export interface SimDelivery {
  body: string;
  headers: Record<string, string>;
  /** The receiver's answer, or null when it could not be reached. */
  status: number | null;
}

export interface DeskDirectorSim {
  app: Hono;
  tickets: DdTicket[];
  mint(user: string, lifetimeSeconds?: number): string;
  /** Counts API calls by endpoint name, for tests and the bench. */
  calls: Map<string, number>;
  /** Notes written through the connector API, by ticket id. */
  notes: Map<number, SimNote[]>;
  /** Sets a ticket's status as a technician would, then delivers the webhook if one is configured. */
  setTicketStatus(ticketId: number, statusName: string): Promise<{ ticket: DdTicket; delivery: SimDelivery | null } | null>;
  /** Every webhook delivery, in order, so a test can send one again byte for byte. */
  deliveries: SimDelivery[];
}

// Demo users: portal contacts by `contact:<id>`, technicians by `member:<id>`.
export const demoUsers = [
  ...contacts.map((c) => ({ key: `contact:${c.id}`, app: 'portal' as DdApp, label: `${c.firstName} ${c.lastName} (Portal, ${companies.find((co) => co.id === c.companyId)?.name})` })),
  ...members.map((m) => ({ key: `member:${m.id}`, app: 'tech' as DdApp, label: `${m.firstName} ${m.lastName} (TECH)` })),
];

const PAGE_MAX = 100;

export function createDeskDirectorSim(options: DeskDirectorSimOptions): DeskDirectorSim {
  const secret = options.tokenSecret ?? 'deskdirector-sim-signing-key';
  const tickets = seedTickets();
  const calls = new Map<string, number>();
  const notes = new Map<number, SimNote[]>();
  const deliveries: SimDelivery[] = [];
  let nextNoteId = 70001;
  const app = new Hono();

  const mint = (user: string, lifetimeSeconds = 3600) => {
    const app = user.startsWith('member:') ? 'tech' : 'portal';
    return mintToken(secret, { sub: user, app, iss: options.origin }, lifetimeSeconds);
  };

  // Latency first, so CORS preflights cost a round trip as they do on a real instance.
  app.use('/api/*', async (c, next) => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    await next();
  });
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (options.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT'],
      maxAge: 600,
    }),
  );
  const unauthorized = (c: Context) => c.json({ errorCode: 'Unauthorized', message: 'Access token is missing, invalid or expired.' }, 401);

  function caller(c: Context, want: DdApp): SimClaims | null {
    const header = c.req.header('authorization') ?? '';
    const match = /^DdAccessToken (.+)$/.exec(header);
    if (!match) return null;
    const claims = verifyToken(secret, match[1]!);
    if (!claims || claims.iss !== options.origin || claims.app !== want) return null;
    return claims;
  }
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const contactOf = (claims: SimClaims) => contacts.find((x) => `contact:${x.id}` === claims.sub);
  const memberOf = (claims: SimClaims) => members.find((x) => `member:${x.id}` === claims.sub);

  app.get(endpoints.portalMe.path, (c) => {
    count(endpoints.portalMe.name);
    const claims = caller(c, 'portal');
    const contact = claims && contactOf(claims);
    if (!contact) return unauthorized(c);
    const company = companies.find((co) => co.id === contact.companyId)!;
    return c.json({ id: contact.id, userName: `${contact.firstName} ${contact.lastName}`, firstName: contact.firstName, lastName: contact.lastName, email: contact.email, company });
  });

  app.get(endpoints.techMe.path, (c) => {
    count(endpoints.techMe.name);
    const claims = caller(c, 'tech');
    const member = claims && memberOf(claims);
    if (!member) return unauthorized(c);
    return c.json({ id: member.id, userName: `${member.firstName} ${member.lastName}`, firstName: member.firstName, lastName: member.lastName, email: member.email, company: null });
  });

  const find = (visible: (t: DdTicket) => boolean) => async (c: Context) => {
    const body = (await c.req.json().catch(() => null)) as { take?: unknown; skip?: unknown; search?: unknown; openOnly?: unknown } | null;
    const take = Number(body?.take ?? 25);
    const skip = Number(body?.skip ?? 0);
    if (!Number.isInteger(take) || take < 1 || take > PAGE_MAX || !Number.isInteger(skip) || skip < 0) {
      return c.json({ errorCode: 'BadRequest', message: `take must be 1..${PAGE_MAX} and skip >= 0` }, 400);
    }
    const search = typeof body?.search === 'string' ? body.search.trim().toLowerCase() : '';
    const matches = tickets
      .filter(visible)
      .filter((t) => !(body?.openOnly ?? true) || !t.isClosed)
      .filter((t) => !search || `${t.id} ${t.summary} ${t.contact.name} ${t.company?.name ?? ''}`.toLowerCase().includes(search))
      .sort((a, b) => b.id - a.id);
    return c.json({ results: matches.slice(skip, skip + take), totalResults: matches.length });
  };

  app.post(endpoints.portalTicketsFind.path, async (c) => {
    count(endpoints.portalTicketsFind.name);
    const claims = caller(c, 'portal');
    const contact = claims && contactOf(claims);
    if (!contact) return unauthorized(c);
    return find((t) => t.contact.id === contact.id)(c);
  });

  app.post(endpoints.techTicketsFind.path, async (c) => {
    count(endpoints.techTicketsFind.name);
    const claims = caller(c, 'tech');
    if (!claims || !memberOf(claims)) return unauthorized(c);
    return find(() => true)(c);
  });

  const ticketRoute = (key: 'portalTicket' | 'techTicket', app: DdApp) =>
    (c: Context) => {
      count(endpoints[key].name);
      const claims = caller(c, app);
      if (!claims) return unauthorized(c);
      const id = Number(c.req.param('ticketId'));
      const ticket = tickets.find((t) => t.id === id);
      if (!ticket) return c.json({ errorCode: 'NotFound', message: 'Ticket not found.' }, 404);
      if (app === 'portal' && ticket.contact.id !== contactOf(claims)?.id) {
        return c.json({ errorCode: 'Forbidden', message: 'You do not have access to this ticket.' }, 403);
      }
      return c.json(ticket);
    };
  app.get(endpoints.portalTicket.path.replace('{ticketId}', ':ticketId'), ticketRoute('portalTicket', 'portal'));
  app.get(endpoints.techTicket.path.replace('{ticketId}', ':ticketId'), ticketRoute('techTicket', 'tech'));

  // Connector (automation) API, called with an API key: ticket notes. The paths are unconfirmed (see common/deskdirector-api.ts).
  const apiKeyOk = (c: Context) => Boolean(options.apiKey) && c.req.header('authorization') === `DdApi ${options.apiKey}`;
  const badKey = (c: Context) => c.json({ errorCode: 'Unauthorized', message: 'API key is missing or invalid.' }, 401);
  const notesPath = endpoints.connectorAddNote.path.replace('{ticketId}', ':ticketId');

  app.post(notesPath, async (c) => {
    count(endpoints.connectorAddNote.name);
    if (!apiKeyOk(c)) return badKey(c);
    const ticket = tickets.find((t) => t.id === Number(c.req.param('ticketId')));
    if (!ticket) return c.json({ errorCode: 'NotFound', message: 'Ticket not found.' }, 404);
    const body = (await c.req.json().catch(() => null)) as { text?: unknown; isInternal?: unknown } | null;
    if (typeof body?.text !== 'string' || !body.text.trim() || body.text.length > 10_000) {
      return c.json({ errorCode: 'BadRequest', message: 'text is required (1 to 10000 characters).' }, 400);
    }
    const note: SimNote = { id: nextNoteId++, text: body.text, isInternal: body.isInternal === true, createdOn: new Date().toISOString() };
    notes.set(ticket.id, [...(notes.get(ticket.id) ?? []), note]);
    return c.json(note, 201);
  });

  app.get(notesPath, (c) => {
    count(endpoints.connectorNotes.name);
    if (!apiKeyOk(c)) return badKey(c);
    const ticket = tickets.find((t) => t.id === Number(c.req.param('ticketId')));
    if (!ticket) return c.json({ errorCode: 'NotFound', message: 'Ticket not found.' }, 404);
    const list = notes.get(ticket.id) ?? [];
    return c.json({ results: list, totalResults: list.length });
  });

  async function setTicketStatus(ticketId: number, statusName: string): Promise<{ ticket: DdTicket; delivery: SimDelivery | null } | null> {
    const ticket = tickets.find((t) => t.id === ticketId);
    if (!ticket) return null;
    const next = ticketStatuses.find((s) => s.name.toLowerCase() === statusName.trim().toLowerCase()) ?? { id: 99, name: statusName.trim() };
    ticket.status = { ...next };
    ticket.isClosed = closedStatusNames.has(next.name.toLowerCase());
    ticket.updatedOn = new Date().toISOString();
    if (!options.webhook) return { ticket, delivery: null };
    // The ticket status payload is not publicly documented; DeskDirector's webhooks "return
    // arrays in general" (docs chat_session_payload.md), so: an array of ticket entities.
    const body = JSON.stringify([
      { id: ticket.id, summary: ticket.summary, status: ticket.status, isClosed: ticket.isClosed, board: ticket.board, company: ticket.company, updatedOn: ticket.updatedOn },
    ]);
    const mac = createHmac('sha256', options.webhook.secret).update(body).digest(options.webhook.encoding ?? 'hex');
    const headers = { 'content-type': 'application/json', 'x-dd-signature': `sha256=${mac}` };
    let status: number | null = null;
    try {
      status = (await fetch(options.webhook.url, { method: 'POST', headers, body })).status;
    } catch {
      status = null;
    }
    const delivery = { body, headers, status };
    deliveries.push(delivery);
    return { ticket, delivery };
  }

  // The simulated portal's technician tool: set a ticket's status (and so fire the webhook).
  app.post('/sim/ticket-status', async (c) => {
    const form = await c.req.parseBody();
    const as = String(form.as ?? '');
    const back = new URLSearchParams({ as, lifetime: String(form.lifetime ?? 3600), mode: String(form.mode ?? 'iframe') });
    if (!as.startsWith('member:')) return c.text('Only technicians can change a ticket status.', 403);
    const result = await setTicketStatus(Number(form.ticketId), String(form.status ?? ''));
    const notice = !result
      ? 'No such ticket.'
      : `Ticket ${result.ticket.id} is now "${result.ticket.status.name}".` +
        (result.delivery ? ` Webhook delivered: the proxy answered ${result.delivery.status ?? 'nothing (unreachable)'}.` : ' No webhook is configured.');
    back.set('notice', notice);
    return c.redirect(`/?${back}`, 303);
  });

  app.get('/', (c) => {
    if (!options.appUrl) return c.text('This simulated instance has no app configured.', 404);
    const user = demoUsers.find((u) => u.key === c.req.query('as')) ?? demoUsers[0]!;
    const lifetime = Number(c.req.query('lifetime') ?? 3600);
    const token = mint(user.key, Number.isFinite(lifetime) ? lifetime : 3600);
    const launch = new URL(options.appUrl);
    if (user.app === 'tech') launch.searchParams.set('dd_app', 'tech');
    launch.searchParams.set('access_token', token);
    launch.searchParams.set('host', options.origin);
    c.header('Cache-Control', 'no-store');
    const tech =
      user.app === 'tech'
        ? {
            tickets: tickets.map((t) => ({ id: t.id, summary: t.summary, status: t.status.name })),
            statuses: ticketStatuses.map((s) => s.name),
            notice: c.req.query('notice') ?? null,
            notes: [...notes]
              .flatMap(([ticketId, list]) => list.map((n) => ({ ticketId, text: n.text, createdOn: n.createdOn })))
              .sort((a, b) => b.createdOn.localeCompare(a.createdOn))
              .slice(0, 5),
          }
        : null;
    return c.html(portalPage({ users: demoUsers, current: user.key, lifetime, launchUrl: launch.toString(), mode: c.req.query('mode') === 'link' ? 'link' : 'iframe', tech }));
  });

  return { app, tickets, mint, calls, notes, setTicketStatus, deliveries };
}
