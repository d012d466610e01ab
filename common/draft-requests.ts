import * as v from 'valibot';
import { draftSchema, isEmail } from './question.ts';

// The bodies of the requests that carry a draft, as the proxy checks them. A module of
// their own: the page imports only their types, and Rolldown keeps unused schemas in a
// lazy chunk (valibot's calls count as side effects once valibot is in another chunk).

/**
 * POST /api/escalations/:ticketId. The ticket is in the path, so the proxy asks DeskDirector
 * for it before this body has been read. `contactEmail`: a technician's answer when
 * DeskDirector has no email for the ticket's contact.
 */
export const escalateRequestSchema = v.strictObject({
  ...draftSchema.entries,
  contactEmail: v.optional(v.pipe(v.string(), v.trim(), v.check(isEmail, 'must be an email address such as name@example.com'))),
  /** If Directly cannot take it now, keep it queued and send it once Directly answers again (202). */
  sendWhenDirectlyIsBack: v.optional(v.boolean('must be true or false')),
});
export type EscalateRequest = v.InferInput<typeof escalateRequestSchema>;

/** PUT /api/drafts/:ticketId: a draft as saved while typing, so looser than a question (it may be unfinished). */
const savedField = (max: number) => v.pipe(v.string('is required'), v.maxLength(max, `must be at most ${max} characters`));
export const saveDraftSchema = v.strictObject({ subject: savedField(1_000), text: savedField(20_000) });
