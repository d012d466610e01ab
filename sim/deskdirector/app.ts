// A simulated DeskDirector instance: the Portal, TECH and connector API in one of two
// dialects, its Swagger document, the CORS rule of Developer Corner, tokens that expire,
// and a portal page that frames our app the way an Extension menu item does.
import { createHmac } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { DdApp, DdTicket } from '../../common/deskdirector.ts';
import { registerApi, type SimNote } from './api.ts';
import { closedStatusNames, companies, contacts, members, seedTickets, ticketStatuses } from './data.ts';
import { dialects } from './dialect.ts';
import { registerSwagger, webhookEntity } from './swagger.ts';
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
  /** Which instance this is: the paths and field names it speaks (see dialect.ts). */
  dialect?: keyof typeof dialects;
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
  ...contacts.map((c) => ({
    key: `contact:${c.id}`,
    app: 'portal' as DdApp,
    label: `${c.firstName} ${c.lastName} (Portal, ${companies.find((co) => co.id === c.companyId)?.name})`,
  })),
  ...members.map((m) => ({ key: `member:${m.id}`, app: 'tech' as DdApp, label: `${m.firstName} ${m.lastName} (TECH)` })),
];

export function createDeskDirectorSim(options: DeskDirectorSimOptions): DeskDirectorSim {
  const secret = options.tokenSecret ?? 'deskdirector-sim-signing-key';
  const tickets = seedTickets();
  const calls = new Map<string, number>();
  const notes = new Map<number, SimNote[]>();
  const deliveries: SimDelivery[] = [];
  const dialect = dialects[options.dialect ?? 'standard'];
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
  const claimsOf = (c: Context, want: DdApp): SimClaims | null => {
    const match = /^DdAccessToken (.+)$/.exec(c.req.header('authorization') ?? '');
    const claims = match ? verifyToken(secret, match[1]!) : null;
    return claims && claims.iss === options.origin && claims.app === want ? claims : null;
  };
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const keyOk = (c: Context) => Boolean(options.apiKey) && c.req.header('authorization') === `DdApi ${options.apiKey}`;
  registerSwagger(app, dialect, keyOk);
  registerApi(app, { dialect, tickets, notes, apiKey: options.apiKey, claimsOf, count });

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
    const body = JSON.stringify([webhookEntity(dialect, { ...ticket })]);
    const mac = createHmac('sha256', options.webhook.secret)
      .update(body)
      .digest(options.webhook.encoding ?? 'hex');
    const headers = { 'content-type': 'application/json', 'x-dd-signature': `sha256=${mac}` };
    // null: the receiver could not be reached at all.
    const status = await fetch(options.webhook.url, { method: 'POST', headers, body }).then(
      (r) => r.status,
      () => null,
    );
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
    // What an admin may add to the menu item's URL to match the portal's look.
    for (const name of ['theme', 'accent']) {
      const value = c.req.query(name);
      if (value !== undefined) launch.searchParams.set(name, value);
    }
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
    return c.html(
      portalPage({
        users: demoUsers,
        current: user.key,
        lifetime,
        launchUrl: launch.toString(),
        mode: c.req.query('mode') === 'link' ? 'link' : 'iframe',
        tech,
      }),
    );
  });

  return { app, tickets, mint, calls, notes, setTicketStatus, deliveries };
}
