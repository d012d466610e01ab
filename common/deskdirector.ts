import * as v from 'valibot';

// DeskDirector's objects as the proxy hands them to the page: one shape, whatever names
// the instance uses (the proxy reads those through its instance profile).

export type DdApp = 'portal' | 'tech';

/**
 * Each DeskDirector endpoint the product calls, by the name errors, logs, the doctor and
 * the simulator's counters use (the bench reads those counters by these names).
 */
export const ddEndpointNames = {
  portalMe: 'Portal current user',
  techMe: 'TECH current member',
  portalTicketsFind: 'Portal find my tickets',
  portalTicket: 'Portal ticket details',
  techTicketsFind: 'TECH find tickets',
  techTicket: 'TECH ticket details',
  connectorTicketsFind: 'Connector find tickets',
  connectorTicket: 'Connector ticket details',
  addNote: 'Connector add ticket note',
  listNotes: 'Connector list ticket notes',
} as const;

const named = v.object({ id: v.nullish(v.pipe(v.number(), v.integer())), name: v.string() });
const optionalNamed = v.nullish(named);

export const userSchema = v.object({
  id: v.pipe(v.number(), v.integer()),
  userName: v.string(),
  email: v.nullish(v.string()),
  firstName: v.nullish(v.string()),
  lastName: v.nullish(v.string()),
  company: v.nullish(v.object({ id: v.pipe(v.number(), v.integer()), name: v.string() })),
});
export type DdUser = v.InferOutput<typeof userSchema>;

export const ticketSchema = v.object({
  id: v.pipe(v.number(), v.integer()),
  summary: v.string(),
  description: v.nullish(v.string()),
  status: named,
  isClosed: v.optional(v.boolean()),
  board: optionalNamed,
  priority: optionalNamed,
  type: optionalNamed,
  contact: v.object({ id: v.pipe(v.number(), v.integer()), name: v.string(), email: v.nullish(v.string()) }),
  company: optionalNamed,
  createdOn: v.string(),
  updatedOn: v.nullish(v.string()),
});
export type DdTicket = v.InferOutput<typeof ticketSchema>;

export const ticketPageSchema = v.object({
  results: v.array(ticketSchema),
  totalResults: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type DdTicketPage = v.InferOutput<typeof ticketPageSchema>;

/** How to call a user: their name when DeskDirector gives one (some instances put the email in `userName`). */
export const displayName = (user: Pick<DdUser, 'userName' | 'firstName' | 'lastName'>): string =>
  [user.firstName, user.lastName].filter(Boolean).join(' ').trim() || user.userName;

export interface TicketQuery {
  take: number;
  skip: number;
  search?: string;
  openOnly?: boolean;
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
