// The caller's unsent drafts. Private to the caller (keyed by instance and user), so
// reading one needs no ticket check; a draft is deleted once its ticket is escalated.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { saveDraftSchema } from './schemas.ts';
import { ApiError, BODY_LIMIT_BYTES, callerKey, type Env } from './app.ts';
import type { Store } from './store.ts';

function ticketIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'invalid_request', 'The ticket number must be a positive whole number.', { fields: { ticketId: 'must be a positive whole number' } });
  return id;
}

export function createDraftRoutes(store: Store): Hono<Env> {
  const drafts = new Hono<Env>();

  drafts.get('/latest', async (c) => {
    const caller = c.get('caller');
    return c.json({ draft: await store.draft(caller.host, callerKey(caller)) });
  });

  drafts.get('/:ticketId', async (c) => {
    const caller = c.get('caller');
    return c.json({ draft: await store.draft(caller.host, callerKey(caller), ticketIdOf(c.req.param('ticketId'))) });
  });

  drafts.put(
    '/:ticketId',
    bodyLimit({ maxSize: BODY_LIMIT_BYTES * 2, onError: () => { throw new HTTPException(413); } }),
    async (c) => {
      const caller = c.get('caller');
      const ticketId = ticketIdOf(c.req.param('ticketId'));
      const parsed = saveDraftSchema.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const i of parsed.error.issues) fields[String(i.path[0] ?? 'body')] ??= i.message;
        throw new ApiError(400, 'invalid_request', 'The draft could not be saved.', { fields });
      }
      // A save that arrives after its ticket was sent (a debounced keystroke) must not bring the draft back.
      if (!(await store.active(caller.host, ticketId))) await store.saveDraft(caller.host, callerKey(caller), ticketId, parsed.data);
      return c.body(null, 204);
    },
  );

  return drafts;
}
