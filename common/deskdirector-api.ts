// Every DeskDirector path this product calls, in one place, with the schema of its
// answer. DeskDirector only supports its Public API; the Portal and TECH paths below
// are the ones our simulator serves and must be checked against `{host}/swagger` on a
// real instance before going live (see README, "DeskDirector endpoints").
import { array, boolean, custom, int, nonnegative, nullish, object, optional, string, type Infer } from './schema.ts';

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
export const userSchema = object({
  id: int(),
  userName: string(),
  email: nullish(string()),
  firstName: nullish(string()),
  lastName: nullish(string()),
  company: nullish(object({ id: int(), name: string() })),
});
export type DdUser = Infer<typeof userSchema>;

const named = object({ id: nullish(int()), name: string() });

export const ticketSchema = object({
  id: int(),
  summary: string(),
  description: nullish(string()),
  status: named,
  isClosed: optional(boolean()),
  board: nullish(named),
  priority: nullish(named),
  type: nullish(named),
  contact: object({ id: int(), name: string(), email: nullish(string()) }),
  company: nullish(named),
  createdOn: string(),
  updatedOn: nullish(string()),
});
export type DdTicket = Infer<typeof ticketSchema>;

/** A note as we send it. The body's field names are unconfirmed, like the path. */
export interface DdNewNote {
  text: string;
  isInternal: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Array<Record<string, unknown>> | undefined =>
  Array.isArray(v) && v.every(isRecord) ? v.map((note) => Object.fromEntries(Object.entries(note).filter(([k]) => k !== '__proto__'))) : undefined;

/**
 * The note list, read only to look for our marker: an array or `{results}` of objects
 * of any shape (unknown keys are kept, so the marker is found whatever the text field is called).
 */
export const noteListSchema = custom((v) => records(v) ?? (isRecord(v) ? records(v.results) : undefined));

export const ticketPageSchema = object({
  results: array(ticketSchema),
  totalResults: int(nonnegative),
});
export type DdTicketPage = Infer<typeof ticketPageSchema>;

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
