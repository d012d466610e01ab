// The caller's unsent drafts. Private to the caller (keyed by instance and user), so
// reading one needs no ticket check; a draft is deleted once its ticket is escalated.
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import type { Env } from '../http/env.ts';
import { limitBody, parsed, validate } from '../http/validate.ts';
import { ticketIdParam as ticketIdParamSchema } from '../../common/contract.ts';
import { saveDraftSchema } from '../../common/draft-requests.ts';
import { callerKey, type Services } from '../services.ts';

/** Twice an escalation's: a draft is saved as typed, before the limits are checked for sending. */
export const DRAFT_BODY_LIMIT_BYTES = 64 * 1024;

/** What one caller may keep (drafts are swept after 14 days untouched). */
export const DRAFT_QUOTA = { count: 50, chars: 500_000 } as const;

const ticketIdParam = validate('param', ticketIdParamSchema, 'The ticket number must be a positive whole number.');

export const draftRoutes = ({ ledger }: Services) =>
  new Hono<Env>()
    .get('/latest', async (c) => c.json({ draft: await ledger.drafts.get(c.var.caller.host, callerKey(c.var.caller)) }))
    .get('/:ticketId', ticketIdParam, async (c) =>
      c.json({ draft: await ledger.drafts.get(c.var.caller.host, callerKey(c.var.caller), c.req.valid('param').ticketId) }),
    )
    .put('/:ticketId', limitBody(DRAFT_BODY_LIMIT_BYTES), ticketIdParam, async (c) => {
      const { caller } = c.var;
      const { ticketId } = c.req.valid('param');
      const draft = parsed(saveDraftSchema, await c.req.json().catch(() => null), 'The draft could not be saved.');
      const key = callerKey(caller);
      const used = await ledger.drafts.usage(caller.host, key, ticketId);
      if (used.count >= DRAFT_QUOTA.count)
        throw new ApiError(413, 'payload_too_large', `You have ${used.count} unsent drafts, the most kept for one person. Send or clear some first.`);
      if (used.chars + draft.subject.length + draft.text.length > DRAFT_QUOTA.chars)
        throw new ApiError(413, 'payload_too_large', `Your unsent drafts hold more than ${DRAFT_QUOTA.chars} characters together. Send or clear some first.`);
      // A save that arrives after the caller sent the ticket (a debounced keystroke) must not
      // bring the draft back. Only the caller's own question counts: anyone else's would tell
      // this caller whether a ticket they may not see has an open question.
      const active = await ledger.escalations.active(caller.host, ticketId);
      const sentByCaller = active !== null && active.escalatedBy.app === caller.app && active.escalatedBy.id === caller.user.id;
      if (!sentByCaller) await ledger.drafts.save(caller.host, key, ticketId, draft);
      return c.body(null, 204);
    });
