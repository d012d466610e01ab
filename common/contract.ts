import * as v from 'valibot';
import { ticketPageSchema, ticketSchema, userSchema } from './deskdirector.ts';
import type { ExpertMapping } from './expert-mapping.ts';

// The contract between the page and our proxy: headers, bodies, replies, error codes.

/** Headers the page sends with every proxy call besides Authorization. */
export const HOST_HEADER = 'X-DD-Host';
export const APP_HEADER = 'X-DD-App';

// unknown: Directly may have created the question, but its answer never reached us.
// queued: not sent yet; the proxy sends it once Directly answers again (the user asked it to).
export const escalationStates = ['pending', 'queued', 'open', 'unknown', 'closed', 'failed'] as const;
export type EscalationState = (typeof escalationStates)[number];
/** States that hold the ticket's one slot: a second question must not be sent. */
export const activeStates = ['pending', 'queued', 'open', 'unknown'] as const satisfies readonly EscalationState[];
/** Each state's one name for people: in full (badges, the CSV), short where space is tight (filters, counts). */
export const stateLabels: Record<EscalationState, { badge: string; short: string }> = {
  pending: { badge: 'Sending to experts', short: 'Sending' },
  queued: { badge: 'Waiting for Directly', short: 'Waiting' },
  open: { badge: 'With experts', short: 'With experts' },
  unknown: { badge: 'Not confirmed by Directly', short: 'Not confirmed' },
  closed: { badge: 'Expert question closed', short: 'Closed' },
  failed: { badge: 'Not sent', short: 'Not sent' },
};
export const isActive = (state: EscalationState) => (activeStates as readonly EscalationState[]).includes(state);

const int = v.pipe(v.number(), v.integer());

// `webhook`: DeskDirector itself, when a ticket reached a closed status.
const actorSchema = v.object({ app: v.picklist(['portal', 'tech', 'webhook']), id: int, name: v.string() });
export type Actor = v.InferOutput<typeof actorSchema>;

/**
 * One try at sending an escalation's question. sent: Directly made the question; refused:
 * Directly answered with an error, so nothing was made; held: the proxy did not call Directly
 * while it kept failing; unknown: no answer, so a question may exist.
 */
export const attemptOutcomes = ['sent', 'refused', 'held', 'unknown'] as const;
export const attemptSchema = v.object({ at: v.string(), outcome: v.picklist(attemptOutcomes), error: v.nullable(v.string()) });
export type Attempt = v.InferOutput<typeof attemptSchema>;

export const escalationSchema = v.object({
  id: v.string(),
  host: v.string(),
  ticketId: int,
  companyName: v.nullable(v.string()),
  state: v.picklist(escalationStates),
  questionId: v.nullable(int),
  questionUrl: v.nullable(v.string()),
  subject: v.string(),
  text: v.string(),
  askedFor: v.object({ name: v.string(), email: v.string() }),
  escalatedBy: actorSchema,
  closedBy: v.nullable(actorSchema),
  createdAt: v.string(),
  updatedAt: v.string(),
  closedAt: v.nullable(v.string()),
  lastError: v.nullable(v.string()),
  /** Every try at sending it, oldest first: one escalation per intent, however many clicks. */
  attempts: v.array(attemptSchema),
});
export type Escalation = v.InferOutput<typeof escalationSchema>;

/** A ticket number in a path or list: a positive safe integer. */
export const ticketIdSchema = v.pipe(
  v.unknown(),
  v.transform((x) => (typeof x === 'string' && /^\d{1,15}$/.test(x) ? Number(x) : x)),
  v.number('must be a positive whole number'),
  v.safeInteger('must be a positive whole number'),
  v.minValue(1, 'must be a positive whole number'),
);
export const ticketIdParam = v.object({ ticketId: ticketIdSchema });

export const ticketIdsQuery = v.object({
  ticketIds: v.pipe(
    v.optional(v.string(), ''),
    v.transform((raw): unknown[] => raw.split(',').filter(Boolean)),
    v.array(ticketIdSchema, 'up to 100 positive whole numbers'),
    v.maxLength(100, 'up to 100 positive whole numbers'),
  ),
});

/** Tickets per page of the list; the proxy asks DeskDirector for exactly this many. */
export const TICKET_PAGE_SIZE = 10;
export const ticketSearchMax = 100;

export const ticketPageQuery = v.object({
  page: v.pipe(
    v.optional(v.string(), '0'),
    v.transform(Number),
    v.number('must be a page number'),
    v.integer('must be a whole number'),
    v.minValue(0, 'must be 0 or more'),
    v.maxValue(10_000, 'must be 10000 or less'),
  ),
  search: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(ticketSearchMax, `must be at most ${ticketSearchMax} characters`)),
});

/** GET /api/tickets?page=&search=: the first screen in one answer. */
export const ticketPageReplySchema = v.object({ user: userSchema, tickets: ticketPageSchema, escalations: v.array(escalationSchema) });
export type TicketPageReply = v.InferOutput<typeof ticketPageReplySchema>;

/** GET /api/tickets/:ticketId: the ticket as DeskDirector shows it to the caller, and its escalation history (newest first). */
export const ticketReplySchema = v.object({ ticket: ticketSchema, escalations: v.array(escalationSchema) });
export type TicketReply = v.InferOutput<typeof ticketReplySchema>;

export const escalationReplySchema = v.object({ escalation: escalationSchema });
export const escalationListSchema = v.object({ escalations: v.array(escalationSchema) });

export const draftReplySchema = v.object({
  draft: v.nullable(v.object({ ticketId: int, subject: v.string(), text: v.string(), updatedAt: v.string() })),
});

/**
 * The first screen, as the proxy writes it into the page it serves (a JSON data block
 * with this id, before </body>) when it could read it with the launch URL's token.
 */
export const FIRST_SCREEN_ID = 'dd-directly-first-screen';
export const firstScreenSchema = v.object({
  host: v.string(),
  app: v.picklist(['portal', 'tech']),
  tickets: ticketPageReplySchema,
  latestDraft: draftReplySchema,
});
export type FirstScreen = v.InferOutput<typeof firstScreenSchema>;

/** What the page needs of the proxy's configuration, written into index.html's meta tag. */
export const PAGE_CONFIG_META = 'dd-directly-config';
export const pageConfigSchema = v.object({
  deskDirectorHosts: v.array(v.string()),
  /** The expert mapping: see PageConfig. */
  mapping: v.unknown(),
  limits: v.object({ subjectMax: v.number(), textMin: v.number(), textMax: v.number(), metadataValueMax: v.number() }),
  /** The admin's intro line, help link (http(s)) and name for the experts. */
  branding: v.object({ intro: v.nullable(v.string()), helpUrl: v.nullable(v.string()), expertNetworkName: v.string() }),
});
/**
 * The expert mapping is the one the proxy checked at start (expertMappingSchema, in
 * server/config.ts) and wrote into the page it serves: the page takes it as it is, so it
 * carries none of that schema's code.
 */
export type PageConfig = Omit<v.InferOutput<typeof pageConfigSchema>, 'mapping'> & { mapping: ExpertMapping };
