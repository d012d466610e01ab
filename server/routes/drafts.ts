// The caller's unsent drafts. Private to the caller (keyed by instance and user), so
// reading one needs no ticket check; a draft is deleted once its ticket is escalated.
import { Hono } from 'hono';
import type { Env } from '../http/env.ts';
import { limitBody, parsed, validate } from '../http/validate.ts';
import { saveDraftSchema, ticketIdParam as ticketIdParamSchema } from '../../common/contract.ts';
import { callerKey, type Services } from '../services.ts';

/** Twice an escalation's: a draft is saved as typed, before the limits are checked for sending. */
export const DRAFT_BODY_LIMIT_BYTES = 64 * 1024;

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
      // A save that arrives after its ticket was sent (a debounced keystroke) must not bring the draft back.
      if (!(await ledger.escalations.active(caller.host, ticketId))) await ledger.drafts.save(caller.host, callerKey(caller), ticketId, draft);
      return c.body(null, 204);
    });
