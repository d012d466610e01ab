// The caller's unsent drafts. Private to the caller (keyed by instance and user), so
// reading one needs no ticket check; a draft is deleted once its ticket is escalated.
import { Hono } from 'hono';
import { saveDraftSchema } from './schemas.ts';
import { BODY_LIMIT_BYTES, callerKey, invalidFields, limitBody, ticketIdFrom, type Env } from './app.ts';
import type { Store } from './store.ts';

export function createDraftRoutes(store: Store): Hono<Env> {
  const drafts = new Hono<Env>();

  drafts.get('/latest', async (c) => {
    const caller = c.get('caller');
    return c.json({ draft: await store.draft(caller.host, callerKey(caller)) });
  });

  drafts.get('/:ticketId', async (c) => {
    const caller = c.get('caller');
    return c.json({ draft: await store.draft(caller.host, callerKey(caller), ticketIdFrom(c.req.param('ticketId'))) });
  });

  drafts.put(
    '/:ticketId',
    limitBody(BODY_LIMIT_BYTES * 2),
    async (c) => {
      const caller = c.get('caller');
      const ticketId = ticketIdFrom(c.req.param('ticketId'));
      const parsed = saveDraftSchema.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) throw invalidFields('The draft could not be saved.', parsed.error.issues);
      // A save that arrives after its ticket was sent (a debounced keystroke) must not bring the draft back.
      if (!(await store.active(caller.host, ticketId))) await store.saveDraft(caller.host, callerKey(caller), ticketId, parsed.data);
      return c.body(null, 204);
    },
  );

  return drafts;
}
