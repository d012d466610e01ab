import { Hono } from 'hono';
import { type Escalation, ticketIdParam as ticketIdParamSchema, ticketIdsQuery as ticketIdsQuerySchema } from '../../common/contract.ts';
import { closeQuestion, releaseQuestion } from '../escalations/close-question.ts';
import { escalate } from '../escalations/escalate.ts';
import { checkIdempotencyKey, requestHash, withIdempotencyKey } from '../escalations/idempotency.ts';
import { readTicketAs, requireTech, visibleTo } from '../http/caller.ts';
import type { Env } from '../http/env.ts';
import { scopeOf } from '../http/request-context.ts';
import { limitBody, parsed, readJson, validate } from '../http/validate.ts';
import { ApiError } from '../errors.ts';
import { PAST_QUESTIONS_MAX, type PastQuestion } from '../../common/past-questions.ts';
import { escalateRequestSchema } from '../../common/draft-requests.ts';
import { emailOf } from '../../common/question.ts';
import { actorOf, type Caller, callerKey, type Services } from '../services.ts';

export const ESCALATION_BODY_LIMIT_BYTES = 32 * 1024;

const badTicketId = 'The ticket number must be a positive whole number.';

export const escalationRoutes = (svc: Services) =>
  new Hono<Env>()
    // The ticket moved from the body to the path: a page loaded before that change still posts here.
    .post('/', () => {
      throw new ApiError(404, 'invalid_request', 'This page is older than the escalation service: reload it, then send again.');
    })
    .post('/:ticketId', validate('param', ticketIdParamSchema, badTicketId), limitBody(ESCALATION_BODY_LIMIT_BYTES), async (c) => {
      const caller = c.get('caller');
      const scope = scopeOf(c);
      const { ticketId } = c.req.valid('param');
      const key = checkIdempotencyKey(c.req.header('idempotency-key'));
      // The ticket is read as the caller while the body is read and checked and the key is
      // claimed: DeskDirector's round trip is the longest, so it starts first (0.1-0.25 ms off
      // every escalation, side by side; a chunked body was already read whole by limitBody's
      // count). A refused body abandons the read.
      const abort = new AbortController();
      const reading = scope.time('ticket', readTicketAs(caller, ticketId, abort.signal));
      reading.catch(() => {}); // awaited in escalate(), or abandoned with the request
      const body = await readJson(c)
        .then((json) => parsed(escalateRequestSchema, json))
        .catch((e: unknown) => {
          abort.abort();
          throw e;
        });
      const { subject, text, contactEmail, sendWhenDirectlyIsBack = false } = body;
      const draft = { subject, text };
      // 201: the question exists at Directly; 202: it waits in the proxy's queue for Directly.
      const created = (escalation: Escalation) => c.json({ escalation }, escalation.state === 'queued' ? 202 : 201);
      const send = { ticketId, reading, draft, contactEmail, sendWhenBack: sendWhenDirectlyIsBack };
      if (key === undefined) return created(await escalate(svc, scope, caller, send));

      const ref = { host: caller.host, caller: callerKey(caller), key };
      const run = () => escalate(svc, scope, caller, { ...send, key: ref });
      const keyed = await withIdempotencyKey(svc.ledger, scope, ref, requestHash(ticketId, draft), run, () => abort.abort());
      if (keyed.kind === 'ran') return created(keyed.escalation);
      c.header('Idempotent-Replayed', 'true');
      return c.json(keyed.response, keyed.status);
    })
    .post('/:ticketId/close', validate('param', ticketIdParamSchema, badTicketId), requireTech('Only technicians can close an expert question.'), async (c) => {
      const ticket = await readTicketAs(c.var.caller, c.req.valid('param').ticketId); // DeskDirector decides who may see it
      return c.json({ escalation: await closeQuestion(svc, c.var.caller.host, ticket.id, actorOf(c.var.caller)) });
    })
    // A Portal user withdraws a question asked by or for them; it is closed as any other, by them.
    .post('/:ticketId/withdraw', validate('param', ticketIdParamSchema, badTicketId), async (c) => {
      const { caller } = c.var;
      if (caller.app !== 'portal') throw new ApiError(403, 'forbidden', 'Technicians close an expert question rather than withdraw it.');
      const ticket = await readTicketAs(caller, c.req.valid('param').ticketId);
      const active = await svc.ledger.escalations.activeSettled(caller.host, ticket.id);
      if (!active || visibleTo(caller, [active]).length === 0) throw new ApiError(404, 'not_escalated', 'You have no open expert question on this ticket.');
      if (active.state !== 'open' && active.state !== 'queued')
        throw new ApiError(409, 'not_escalated', 'This question is not open at Directly, so there is nothing to withdraw; your IT team can check it.', {
          escalation: active,
        });
      return c.json({ escalation: await closeQuestion(svc, caller.host, ticket.id, actorOf(caller)) });
    })
    // Frees a ticket whose outcome is unknown; the page first says a question may still exist at Directly.
    .post(
      '/:ticketId/release',
      validate('param', ticketIdParamSchema, badTicketId),
      requireTech('Only technicians can release an expert question.'),
      async (c) => {
        const ticket = await readTicketAs(c.var.caller, c.req.valid('param').ticketId);
        return c.json({ escalation: await releaseQuestion(svc, c.var.caller.host, ticket.id, actorOf(c.var.caller)) });
      },
    )
    .get('/', validate('query', ticketIdsQuerySchema, 'ticketIds must be up to 100 positive whole numbers, comma-separated.'), async (c) => {
      const { caller } = c.var;
      return c.json({ escalations: visibleTo(caller, await svc.ledger.escalations.latestFor(caller.host, c.req.valid('query').ticketIds)) });
    })
    // A Portal user's closed and unsent questions, which their ticket list no longer shows once a ticket closes.
    .get('/past', async (c) => {
      const { caller } = c.var;
      if (caller.app !== 'portal')
        throw new ApiError(403, 'forbidden', 'Past questions are for Portal users; technicians find every escalation in the Escalations report.');
      const rows = await svc.ledger.escalations.pastOf(caller.host, { id: caller.user.id, email: emailOf(caller.user) ?? null }, PAST_QUESTIONS_MAX + 1);
      // visibleTo again: the one rule for "theirs" has the last word over the SQL.
      const theirs = visibleTo(caller, rows.slice(0, PAST_QUESTIONS_MAX));
      return c.json({ questions: theirs.map((e) => pastQuestion(e, caller)), more: rows.length > PAST_QUESTIONS_MAX });
    })
    .get('/:ticketId/history', validate('param', ticketIdParamSchema, badTicketId), async (c) => {
      const { caller } = c.var;
      const ticket = await readTicketAs(caller, c.req.valid('param').ticketId);
      return c.json({ escalations: await svc.ledger.escalations.history(caller.host, ticket.id) });
    });

function pastQuestion(e: Escalation, caller: Caller): PastQuestion {
  const by = e.closedBy;
  // Ended before it was sent: taken out of the queue (its last try made nothing), not an unknown outcome cleared by IT.
  const lastTry = e.attempts.at(-1)?.outcome;
  const unqueued = e.state === 'failed' && by !== null && (lastTry === 'refused' || lastTry === 'held');
  const outcome: PastQuestion['outcome'] = unqueued
    ? by.app === 'portal'
      ? 'withdrawn'
      : by.app === 'webhook'
        ? 'closed_with_ticket'
        : 'not_sent'
    : e.state === 'failed'
      ? by
        ? 'cleared'
        : 'not_sent'
      : by?.app === 'webhook'
        ? 'closed_with_ticket'
        : by?.app === 'portal'
          ? 'withdrawn'
          : 'closed';
  return {
    id: e.id,
    ticketId: e.ticketId,
    subject: e.subject,
    text: e.text,
    outcome,
    closedBy: by && by.app !== 'webhook' ? { name: by.name, isYou: by.app === 'portal' && by.id === caller.user.id } : null,
    createdAt: e.createdAt,
    closedAt: e.closedAt,
    questionUrl: e.questionUrl,
  };
}
