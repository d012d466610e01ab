import * as v from 'valibot';
import { type Escalation, escalationSchema } from './contract.ts';

// The one envelope of every error answer. Its own module: the page reads it only when the
// proxy refuses something, from the chunk that loads after the first screen.

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
  'ticket_closed',
  'directly_unavailable',
  'deskdirector_unavailable',
  'idempotency_conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Field names to their problem (a plain check rather than v.record, which the page would load for this alone). */
const isFieldMessages = (x: unknown): x is Record<string, string> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((m) => typeof m === 'string');

export const errorBodySchema = v.object({
  error: v.object({
    code: v.picklist(errorCodes),
    message: v.string(),
    fields: v.optional(v.custom<Record<string, string>>(isFieldMessages, 'must map field names to messages')),
    requestId: v.optional(v.string()),
    /** When trying again can help: after this many seconds (also the Retry-After header). */
    retryAfterSeconds: v.optional(v.number()),
  }),
  escalation: v.optional(escalationSchema),
});
export type ErrorBody = v.InferOutput<typeof errorBodySchema>;

/** The one envelope of every error answer. */
export function errorBody(
  code: ErrorCode,
  message: string,
  extra: { requestId?: string; fields?: Record<string, string>; escalation?: Escalation; retryAfterSeconds?: number } = {},
): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (extra.fields) error.fields = extra.fields;
  if (extra.requestId) error.requestId = extra.requestId;
  if (extra.retryAfterSeconds !== undefined) error.retryAfterSeconds = extra.retryAfterSeconds;
  return extra.escalation ? { error, escalation: extra.escalation } : { error };
}
