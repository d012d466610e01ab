// The contract between the page and our proxy.
import { ticketPageSchema, ticketSchema, userSchema } from './deskdirector-api.ts';
import { array, enumOf, type Infer, int, nullable, object, optional, record, string } from './schema.ts';

// unknown: Directly may have created the question, but its answer never reached us.
export const escalationStates = ['pending', 'open', 'unknown', 'closed', 'failed'] as const;
export type EscalationState = (typeof escalationStates)[number];

// `webhook`: DeskDirector itself, when a ticket reached a closed status.
const actor = object({ app: enumOf(['portal', 'tech', 'webhook']), id: int(), name: string() });
export type Actor = Infer<typeof actor>;

export const escalationSchema = object({
  id: string(),
  host: string(),
  ticketId: int(),
  companyName: nullable(string()),
  state: enumOf(escalationStates),
  questionId: nullable(int()),
  questionUrl: nullable(string()),
  subject: string(),
  text: string(),
  askedFor: object({ name: string(), email: string() }),
  escalatedBy: actor,
  closedBy: nullable(actor),
  createdAt: string(),
  updatedAt: string(),
  closedAt: nullable(string()),
  lastError: nullable(string()),
});
export type Escalation = Infer<typeof escalationSchema>;

/** What the page posts to escalate; the proxy checks it with server/schemas.ts. */
export interface EscalateRequest {
  ticketId: number;
  subject: string;
  text: string;
}

/** Tickets per page of the list; the proxy asks DeskDirector for exactly this many. */
export const TICKET_PAGE_SIZE = 10;
export const ticketSearchMax = 100;

/** GET /api/tickets?page=&search=: the first screen in one answer. */
export const ticketPageReplySchema = object({ user: userSchema, tickets: ticketPageSchema, escalations: array(escalationSchema) });
export type TicketPageReply = Infer<typeof ticketPageReplySchema>;

/** GET /api/tickets/:ticketId: the ticket as DeskDirector shows it to the caller, and its escalation history (newest first). */
export const ticketReplySchema = object({ ticket: ticketSchema, escalations: array(escalationSchema) });
export type TicketReply = Infer<typeof ticketReplySchema>;

export const escalationReplySchema = object({ escalation: escalationSchema });
export const escalationListSchema = object({ escalations: array(escalationSchema) });

const errorCodes = [
  'unauthenticated',
  'token_expired',
  'host_not_allowed',
  'forbidden',
  'ticket_not_found',
  'invalid_request',
  'already_escalated',
  'not_escalated',
  'contact_has_no_email',
  'directly_unavailable',
  'deskdirector_unavailable',
  'idempotency_conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = object({
  error: object({
    code: enumOf(errorCodes),
    message: string(),
    fields: optional(record(string(), string())),
    requestId: optional(string()),
  }),
  escalation: optional(escalationSchema),
});
export type ErrorBody = Infer<typeof errorBodySchema>;

/** Headers the page sends with every proxy call besides Authorization. */
export const HOST_HEADER = 'X-DD-Host';
export const APP_HEADER = 'X-DD-App';

/** The report's filters, as the page sends them; the proxy checks them with server/schemas.ts. */
export interface ReportFilter {
  state?: EscalationState | undefined;
  /** YYYY-MM-DD */
  from?: string | undefined;
  /** YYYY-MM-DD, inclusive */
  to?: string | undefined;
  company?: string | undefined;
}

export const draftLimits = { subjectMax: 1_000, textMax: 20_000 } as const;
export const draftReplySchema = object({
  draft: nullable(object({ ticketId: int(), subject: string(), text: string(), updatedAt: string() })),
});

/**
 * The first screen, as the proxy writes it into the page it serves (a JSON data block
 * with this id, before </body>) when it could read it with the launch URL's token.
 */
export const FIRST_SCREEN_ID = 'dd-directly-first-screen';
export const firstScreenSchema = object({
  host: string(),
  app: enumOf(['portal', 'tech']),
  tickets: ticketPageReplySchema,
  latestDraft: draftReplySchema,
});
export type FirstScreen = Infer<typeof firstScreenSchema>;
