// The contract between the page and our proxy.
import { z } from 'zod';

// unknown: Directly may have created the question, but its answer never reached us.
export const escalationStates = ['pending', 'open', 'unknown', 'closed', 'failed'] as const;
export type EscalationState = (typeof escalationStates)[number];

// `webhook`: DeskDirector itself, when a ticket reached a closed status.
const actor = z.object({ app: z.enum(['portal', 'tech', 'webhook']), id: z.number().int(), name: z.string() });
export type Actor = z.infer<typeof actor>;

export const escalationSchema = z.object({
  id: z.string(),
  host: z.string(),
  ticketId: z.number().int(),
  companyName: z.string().nullable(),
  state: z.enum(escalationStates),
  questionId: z.number().int().nullable(),
  questionUrl: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  askedFor: z.object({ name: z.string(), email: z.string() }),
  escalatedBy: actor,
  closedBy: actor.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const escalateRequestSchema = z
  .object({
    ticketId: z.number({ error: 'must be a ticket number' }).int().positive(),
    subject: z.string({ error: 'is required' }),
    text: z.string({ error: 'is required' }),
  })
  .strict();
export type EscalateRequest = z.infer<typeof escalateRequestSchema>;

export const escalationReplySchema = z.object({ escalation: escalationSchema });
export const escalationListSchema = z.object({ escalations: z.array(escalationSchema) });

export const errorCodes = [
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

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    requestId: z.string().optional(),
  }),
  escalation: escalationSchema.optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Headers the page sends with every proxy call besides Authorization. */
export const HOST_HEADER = 'X-DD-Host';
export const APP_HEADER = 'X-DD-App';

export const reportSchema = z.object({
  escalations: z.array(escalationSchema),
  counts: z.object({ pending: z.number(), open: z.number(), unknown: z.number(), closed: z.number(), failed: z.number(), total: z.number() }),
  medianSecondsToClose: z.number().nullable(),
  /** True when more escalations matched than the list shows; the CSV has them all. */
  truncated: z.boolean(),
});
export type Report = z.infer<typeof reportSchema>;

export const reportFilterSchema = z.object({
  state: z.enum(escalationStates).optional(),
  from: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional(),
  to: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional(),
  company: z.string().trim().max(100).optional(),
});
export type ReportFilter = z.infer<typeof reportFilterSchema>;

export const draftLimits = { subjectMax: 1_000, textMax: 20_000 } as const;
export const saveDraftSchema = z
  .object({ subject: z.string().max(draftLimits.subjectMax), text: z.string().max(draftLimits.textMax) })
  .strict();
export const draftReplySchema = z.object({
  draft: z.object({ ticketId: z.number().int(), subject: z.string(), text: z.string(), updatedAt: z.string() }).nullable(),
});
export type DraftReply = z.infer<typeof draftReplySchema>;
