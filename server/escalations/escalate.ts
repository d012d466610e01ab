import { askerFor, buildQuestion, helpDeskIdFor } from '../../common/directly-question.ts';
import type { DdTicket } from '../../common/deskdirector.ts';
import type { Escalation } from '../../common/contract.ts';
import { ApiError } from '../errors.ts';
import type { KeyRef } from '../ledger/idempotency-keys.ts';
import type { NewAttempt } from '../ledger/escalations.ts';
import { actorOf, callerKey, type Caller, type Services } from '../services.ts';
import { DirectlyError } from '../upstreams/directly.ts';
import { ticketNoteItem } from './ticket-note.ts';

/** What a request lends the domain: its id for the logs, and a stopwatch for Server-Timing. */
export interface Scope {
  requestId: string;
  time<T>(name: string, work: Promise<T>): Promise<T>;
}

/** 503 for a call the circuit breaker held back: nothing reached Directly. */
export function directlyResting(e: DirectlyError, message: string, escalation: Escalation): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil((e.retryAfterMs ?? 30_000) / 1000));
  return new ApiError(503, 'directly_unavailable', `${message} in ${retryAfterSeconds} seconds.`, { escalation, retryAfterSeconds });
}

/** One request to send a ticket, as the route read it. */
export interface SendRequest {
  ticketId: number;
  /** The caller's read of the ticket, already under way. */
  reading: Promise<DdTicket>;
  draft: { subject: string; text: string };
  /** A technician's answer when DeskDirector has no email for the ticket's contact. */
  contactEmail?: string | undefined;
  /** If Directly cannot take it now, queue it (state `queued`) rather than fail. */
  sendWhenBack: boolean;
  /** The request's claimed Idempotency-Key, answered in the statement that records the question. */
  key?: KeyRef | undefined;
}

/** Sends one ticket to Directly, at most once while it has an open question. */
export async function escalate(svc: Services, scope: Scope, caller: Caller, send: SendRequest): Promise<Escalation> {
  const { config, ledger, directly, log } = svc;
  const { requestId } = scope;
  const { draft, key, sendWhenBack } = send;
  // Written and flushed while DeskDirector is read, so the claim below needs no flush of its own.
  const intent = await ledger.intents.announce({
    host: caller.host,
    ticketId: send.ticketId,
    helpDeskId: helpDeskIdFor(caller.host, send.ticketId, config.deskDirectorHosts.length),
    escalatedBy: actorOf(caller),
    subject: draft.subject,
    text: draft.text,
  });
  const { ticket, asker, question } = await sendable(config, caller, send).catch(async (e: unknown) => {
    await ledger.intents.drop(intent).catch((error: Error) => log.warn({ requestId, error: error.message }, 'send intent left for the sweep'));
    throw e;
  });

  // Only now, with DeskDirector's word that the caller may send this ticket: a claim made
  // before it would hold the ticket against its owner for a moment, for nothing.
  const reserved = await scope.time(
    'reserve',
    ledger.escalations.claim(
      {
        host: caller.host,
        ticketId: ticket.id,
        escalatedBy: actorOf(caller),
        companyName: ticket.company?.name ?? null,
        subject: question.subject,
        text: question.text,
        askedFor: { name: asker.fullname, email: asker.emailAddress },
        helpDeskId: question.helpDeskId,
        question,
      },
      intent,
    ),
  );
  if ('existing' in reserved)
    throw new ApiError(409, 'already_escalated', "This ticket is already with Directly's experts.", { escalation: reserved.existing });

  let answer: { id: number; url: string };
  try {
    answer = await scope.time('directly', directly.saveQuestion({ ...question, helpDeskId: reserved.helpDeskId }));
  } catch (e) {
    if (!(e instanceof DirectlyError)) throw e;
    const tried = failedTry(e);
    log.warn({ requestId, ticketId: ticket.id, kind: e.kind, status: e.status, queue: sendWhenBack && tried.retryable }, 'saveQuestion not done');
    if (tried.unknown) {
      const escalation = await ledger.escalations.markFailed(reserved.created, tried.attempt, 'unknown');
      throw new ApiError(
        502,
        'directly_unavailable',
        'Directly did not confirm the question, so it may or may not exist. It will not be sent twice: your IT team can check it from this ticket. Your text is kept.',
        { escalation },
      );
    }
    if (sendWhenBack && tried.retryable) {
      const escalation = await ledger.escalations.markQueued(reserved.created, tried.attempt, Date.now() + (e.retryAfterMs ?? FIRST_QUEUED_RETRY_MS));
      await ledger.drafts.discard(caller.host, callerKey(caller), ticket.id);
      if (key) await ledger.keys.complete(key, 202, { escalation });
      return escalation;
    }
    const escalation = await ledger.escalations.markFailed(reserved.created, tried.attempt);
    if (e.kind === 'circuit-open')
      throw directlyResting(e, 'Directly is failing right now, so the question was not sent. Your text is kept; try again', escalation);
    if (!tried.retryable)
      throw new ApiError(
        502,
        'directly_unavailable',
        `Directly refused the question (${e.message}), so it was not sent. Your text is kept; your IT team can check why.`,
        {
          escalation,
        },
      );
    throw new ApiError(502, 'directly_unavailable', `Directly did not accept the question. Your text is kept; try again in ${REFUSED_RETRY_SECONDS} seconds.`, {
      escalation,
      retryAfterSeconds: REFUSED_RETRY_SECONDS,
    });
  }
  const enqueue = ticketNoteItem(config, caller.host, reserved.created, answer.url);
  const escalation = await scope.time('record', ledger.escalations.markOpen(reserved.created, answer, { enqueue, key, draftOf: callerKey(caller) }));
  if (escalation.state !== 'open') {
    log.warn({ requestId, ticketId: ticket.id, questionId: answer.id, state: escalation.state }, 'question created after its escalation was settled');
    throw new ApiError(
      409,
      'already_escalated',
      "Directly created the question only after this ticket's escalation had been settled by your IT team. It is recorded on that escalation; ask them to check it.",
      { escalation },
    );
  }
  log.info({ requestId, ticketId: ticket.id, questionId: answer.id }, 'question created');
  return escalation;
}

/** The ticket as DeskDirector showed it to the caller, and the question it makes; or why it cannot be sent. */
async function sendable(config: Services['config'], caller: Caller, send: SendRequest) {
  const ticket = await send.reading;
  // Nothing would ever close a question on a ticket DeskDirector already closed.
  if (ticket.isClosed === true || config.closedStatuses.includes(ticket.status.name.trim().toLowerCase()))
    throw new ApiError(
      409,
      'ticket_closed',
      `This ticket is closed in DeskDirector (${ticket.status.name}), so it cannot be sent to experts. Reopen it first, or raise a new ticket.`,
    );
  const asker = askerFor(caller.app, caller.user, ticket, send.contactEmail);
  if (!asker)
    throw new ApiError(
      422,
      'contact_has_no_email',
      caller.app === 'tech'
        ? `DeskDirector has no email address for ${ticket.contact.name}, and Directly needs one to tell them of answers. Enter their email address with the question.`
        : 'Directly needs your email address to tell you of answers, and DeskDirector has none for you. Ask your IT team to add one to your contact.',
      { fields: caller.app === 'tech' ? { contactEmail: 'is required: DeskDirector has none for this contact' } : {} },
    );
  const question = buildQuestion({ ticket, host: caller.host, asker, draft: send.draft, mapping: config.mapping, instances: config.deskDirectorHosts.length });
  return { ticket, asker, question };
}

/** After a refusal, the page counts down this long before "Try again": Directly gives no Retry-After. */
export const REFUSED_RETRY_SECONDS = 30;
/** A queued question's first retry when Directly said nothing of when to come back. */
export const FIRST_QUEUED_RETRY_MS = 30_000;

/**
 * What a failed saveQuestion means. unknown: Directly may have made the question, so it is
 * never sent again. retryable: sending later can help, so the queue may do it unwatched:
 * Directly's own documented error (500), "unavailable" (503) and "slow down" (429, 408).
 * Not a 4xx refusal of the question itself, which a resend would only repeat, nor a 502 or
 * 504, which a gateway in front of Directly may answer after Directly made the question.
 */
export function failedTry(e: DirectlyError): { attempt: NewAttempt; unknown: boolean; retryable: boolean } {
  if (e.kind === 'circuit-open') return { attempt: { outcome: 'held', error: e.message }, unknown: false, retryable: true };
  if (e.ambiguous)
    return { attempt: { outcome: 'unknown', error: `${e.message}; the question may or may not exist in Directly` }, unknown: true, retryable: false };
  const status = e.status ?? 500;
  return { attempt: { outcome: 'refused', error: e.message }, unknown: false, retryable: [500, 503, 429, 408].includes(status) };
}
