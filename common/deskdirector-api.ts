// Every DeskDirector path this product calls, in one place, with the schema of its
// answer. DeskDirector only supports its Public API; the Portal and TECH paths below
// are the ones our simulator serves and must be checked against `{host}/swagger` on a
// real instance before going live (see README, "DeskDirector endpoints").
import { z } from 'zod';

export type DdApp = 'portal' | 'tech';

export interface Endpoint {
  /** Human name used in error messages, so a wrong shape names its endpoint. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** True only when a public source documents this exact path. */
  confirmed: boolean;
  source: string;
}

const UNCONFIRMED = 'unconfirmed: check {host}/swagger on your instance';

export const endpoints = {
  portalMe: {
    name: 'Portal current user',
    method: 'GET',
    path: '/api/v2/user/client',
    confirmed: true,
    source: 'DeskDirector/docs samples/extension_site/access_token.html',
  },
  techMe: {
    name: 'TECH current member',
    method: 'GET',
    path: '/api/v2/tech/member/me',
    confirmed: false,
    source: UNCONFIRMED,
  },
  portalTicketsFind: {
    name: 'Portal find my tickets',
    method: 'POST',
    path: '/api/v2/portal/tickets/find',
    confirmed: false,
    source: UNCONFIRMED,
  },
  portalTicket: {
    name: 'Portal ticket details',
    method: 'GET',
    path: '/api/v2/portal/tickets/{ticketId}',
    confirmed: false,
    source: UNCONFIRMED,
  },
  techTicketsFind: {
    name: 'TECH find tickets',
    method: 'POST',
    path: '/api/v2/tech/tickets/find',
    confirmed: false,
    source: UNCONFIRMED,
  },
  techTicket: {
    name: 'TECH ticket details',
    method: 'GET',
    path: '/api/v2/tech/tickets/{ticketId}',
    confirmed: false,
    source: UNCONFIRMED,
  },
  // Called by the proxy's outbox with `Authorization: DdApi <key>` (server/outbox.ts).
  // No public source documents a note/comment path; the connector prefix is confirmed.
  connectorAddNote: {
    name: 'Connector add ticket note',
    method: 'POST',
    path: '/api/v2/automate/connector/tickets/{ticketId}/notes',
    confirmed: false,
    source: UNCONFIRMED,
  },
  connectorNotes: {
    name: 'Connector list ticket notes',
    method: 'GET',
    path: '/api/v2/automate/connector/tickets/{ticketId}/notes',
    confirmed: false,
    source: UNCONFIRMED,
  },
  // Not called by the proxy: the admin subscribes the webhook with it (README, "Closing follows the ticket").
  // Body {description, boardId?, statusId?, advancedFilters: {}, url}; query ?type=<event id>.
  connectorTicketWorkflows: {
    name: 'Connector subscribe to ticket events',
    method: 'POST',
    path: '/api/v2/automate/connector/ticket-workflows',
    confirmed: true,
    source: 'microsoft/PowerPlatformConnectors certified-connectors/DeskDirector/apiDefinition.swagger.json',
  },
  // The `type` values for the subscription: {results: [{id, name}]}.
  connectorTicketWorkflowEvents: {
    name: 'Connector list ticket event types',
    method: 'GET',
    path: '/api/v2/automate/connector/ticket-workflow-events',
    confirmed: true,
    source: 'microsoft/PowerPlatformConnectors certified-connectors/DeskDirector/apiDefinition.swagger.json',
  },
  // The schema of what a subscription of ?type=<event id> delivers: the one place the payload is described.
  connectorTicketWorkflowPayloadSchema: {
    name: 'Connector ticket event payload schema',
    method: 'GET',
    path: '/api/v2/automate/connector/schema/ticket-workflow-webhook/$request',
    confirmed: true,
    source: 'microsoft/PowerPlatformConnectors certified-connectors/DeskDirector/apiDefinition.swagger.json',
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof endpoints;

export function endpointPath(key: EndpointKey, params: { ticketId?: number } = {}): string {
  const { path } = endpoints[key];
  if (!path.includes('{ticketId}')) return path;
  if (params.ticketId === undefined) throw new Error(`${endpoints[key].name} needs a ticket id`);
  return path.replace('{ticketId}', encodeURIComponent(String(params.ticketId)));
}

export const meEndpoint = (app: DdApp): EndpointKey => (app === 'tech' ? 'techMe' : 'portalMe');
export const ticketsFindEndpoint = (app: DdApp): EndpointKey =>
  app === 'tech' ? 'techTicketsFind' : 'portalTicketsFind';
export const ticketEndpoint = (app: DdApp): EndpointKey => (app === 'tech' ? 'techTicket' : 'portalTicket');

// v2 answers in camelCase. Only the fields we use are required; the rest pass through.
export const userSchema = z.object({
  id: z.number().int(),
  userName: z.string(),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  company: z.object({ id: z.number().int(), name: z.string() }).nullish(),
});
export type DdUser = z.infer<typeof userSchema>;

const named = z.object({ id: z.number().int().nullish(), name: z.string() });

export const ticketSchema = z.object({
  id: z.number().int(),
  summary: z.string(),
  description: z.string().nullish(),
  status: named,
  isClosed: z.boolean().optional(),
  board: named.nullish(),
  priority: named.nullish(),
  type: named.nullish(),
  contact: z.object({ id: z.number().int(), name: z.string(), email: z.string().nullish() }),
  company: named.nullish(),
  createdOn: z.string(),
  updatedOn: z.string().nullish(),
});
export type DdTicket = z.infer<typeof ticketSchema>;

/** A note as we send it. The body's field names are unconfirmed, like the path. */
export interface DdNewNote {
  text: string;
  isInternal: boolean;
}

/**
 * The note list, read only to look for our marker: an array or `{results}` of objects
 * of any shape (unknown keys are kept, so the marker is found whatever the text field is called).
 */
export const noteListSchema = z
  .union([z.array(z.looseObject({})), z.object({ results: z.array(z.looseObject({})) })])
  .transform((v) => (Array.isArray(v) ? v : v.results));

export const ticketPageSchema = z.object({
  results: z.array(ticketSchema),
  totalResults: z.number().int().nonnegative(),
});
export type DdTicketPage = z.infer<typeof ticketPageSchema>;

export interface TicketQuery {
  take: number;
  skip: number;
  search?: string;
  openOnly?: boolean;
}

/** The portal deep link is documented (help article rb70qsabfd). */
export function ticketDeepLink(host: string, ticketId: number): string {
  const url = new URL('/portal/deeplink', host);
  url.searchParams.set('name', 'ticket');
  url.searchParams.set('ticket_id', String(ticketId));
  return url.toString();
}

/** Same origin rules everywhere: a host is compared by its origin only. */
export function normalizeHost(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}
