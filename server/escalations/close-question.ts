// Closing a ticket's Directly question, asked by a technician or by DeskDirector's webhook
// when the ticket reaches a closed status. Exactly once: an `unknown` outcome stays held
// until a closeQuestion succeeds or a technician releases it knowingly; one closeQuestion
// at a time per escalation, in this process and across instances.
import type { Actor, Escalation } from '../../common/contract.ts';
import { ApiError } from '../errors.ts';
import { actorKey, type Services } from '../services.ts';
import { DirectlyError } from '../upstreams/directly.ts';
import { directlyResting } from './escalate.ts';
import type { TicketEvent } from './ticket-events.ts';

/** A queued close (webhook) is tried this many times, then left to a technician. */
export const MAX_CLOSE_ATTEMPTS = 6;

export type Closing =
  | { kind: 'closed'; escalation: Escalation }
  | { kind: 'failed'; error: DirectlyError; escalation: Escalation }
  /** Another instance's close still held the escalation after waiting for it. */
  | { kind: 'busy'; escalation: Escalation };

/** What a close needs: the proxy's services, or the outbox worker's. */
export type CloseServices = Pick<Services, 'ledger' | 'directly'> & { config: Pick<Services['config'], 'directlyTimeoutMs'> };

const inFlight = new WeakMap<object, Map<string, Promise<Closing>>>();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One closeQuestion for the escalation; a concurrent caller in this process shares its
 * result, and one in another instance waits for that instance's close and gets the record.
 * A failure (Directly documents only a bare 500) says nothing about whether a question
 * exists, so it never settles an unknown outcome: the error goes on the record.
 */
export function closeOnce(svc: CloseServices, active: Escalation, by: Actor, describe: (e: DirectlyError) => string): Promise<Closing> {
  let mine = inFlight.get(svc.ledger);
  if (!mine) inFlight.set(svc.ledger, (mine = new Map()));
  const running = mine.get(active.id);
  if (running) return running;
  const closing = closeClaimed(svc, active, by, describe).finally(() => mine.delete(active.id));
  mine.set(active.id, closing);
  return closing;
}

async function closeClaimed(svc: CloseServices, active: Escalation, by: Actor, describe: (e: DirectlyError) => string): Promise<Closing> {
  const { ledger, directly, config } = svc;
  const leaseMs = config.directlyTimeoutMs + 30_000;
  let claimed = await ledger.escalations.claimClose(active.id, leaseMs);
  for (let waited = 0; !claimed; waited += 100) {
    const now = await ledger.escalations.byId(active.id);
    if (now.state === 'closed' || now.state === 'failed') return { kind: 'closed', escalation: now };
    if (waited > leaseMs) return { kind: 'busy', escalation: now };
    await pause(100);
    claimed = await ledger.escalations.claimClose(active.id, leaseMs);
  }
  try {
    await directly.closeQuestion(await ledger.escalations.helpDeskIdOf(claimed.id));
  } catch (e) {
    if (!(e instanceof DirectlyError)) {
      await ledger.escalations.closeFailed(claimed.id, `closeQuestion: unexpected error (${(e as Error).name})`);
      throw e;
    }
    return { kind: 'failed', error: e, escalation: await ledger.escalations.closeFailed(claimed.id, describe(e)) };
  }
  return { kind: 'closed', escalation: await ledger.escalations.markClosed(claimed.id, by) };
}

/**
 * Takes a question out of the queue before it is sent: nothing exists at Directly to close.
 * Its text goes back to the asker's drafts for the ticket, so nothing they typed is lost.
 * Null if the queue had just taken it to send.
 */
export async function takeOutOfQueue(ledger: Services['ledger'], queued: Escalation, by: Actor): Promise<Escalation | null> {
  const cancelled = await ledger.escalations.endUnsent(
    queued.id,
    'queued',
    by,
    `Taken out of the queue by ${by.name} before it was sent; nothing was made at Directly.`,
  );
  if (cancelled) await giveTextBack(ledger, queued);
  return cancelled;
}

/** A queued question that ends unsent: its text becomes the asker's draft for the ticket again, so nothing typed is lost. */
export const giveTextBack = (ledger: Pick<Services['ledger'], 'drafts'>, e: Escalation) =>
  ledger.drafts.save(e.host, actorKey(e.escalatedBy), e.ticketId, { subject: e.subject, text: e.text });

/** A technician closes the ticket's question; a failure leaves it held (open or unknown) and says so on the record. */
export async function closeQuestion(svc: Services, host: string, ticketId: number, by: Actor): Promise<Escalation> {
  const active = await svc.ledger.escalations.activeSettled(host, ticketId);
  if (!active) {
    // Say how it stands: a close that raced this one may just have finished.
    const latest = (await svc.ledger.escalations.latestFor(host, [ticketId]))[0];
    throw new ApiError(404, 'not_escalated', 'This ticket has no open expert question.', latest ? { escalation: latest } : {});
  }
  if (active.state === 'queued') {
    const cancelled = await takeOutOfQueue(svc.ledger, active, by);
    if (cancelled) return cancelled;
    throw new ApiError(409, 'not_escalated', 'The queue is sending this question to Directly right now; look again in a moment.', {
      escalation: await svc.ledger.escalations.byId(active.id),
    });
  }
  if (active.state === 'pending')
    throw new ApiError(409, 'not_escalated', "This ticket's question is still being created; try again in a moment.", { escalation: active });
  const closing = await closeOnce(svc, active, by, (e) => `closeQuestion: ${e.message}`);
  if (closing.kind === 'closed') return closing.escalation;
  const { escalation } = closing;
  const held =
    escalation.state === 'unknown' ? 'Whether Directly holds a question for this ticket is still unknown, so the ticket stays held' : 'It is still open';
  if (closing.kind === 'busy')
    throw new ApiError(409, 'already_escalated', `Another close of this question has not finished. ${held}; check again in a minute.`, { escalation });
  if (closing.error.kind === 'circuit-open')
    throw directlyResting(closing.error, `Directly is failing right now, so the question was not closed. ${held}; try again`, escalation);
  throw new ApiError(502, 'directly_unavailable', `Directly did not close the question. ${held}; try again in a few minutes.`, { escalation });
}

/** A technician frees a ticket whose outcome is unknown without closing anything at Directly. */
export async function releaseQuestion(svc: Services, host: string, ticketId: number, by: Actor): Promise<Escalation> {
  const { ledger } = svc;
  const active = await ledger.escalations.activeSettled(host, ticketId);
  if (!active) throw new ApiError(404, 'not_escalated', 'This ticket has no open expert question.');
  if (active.state !== 'unknown')
    throw new ApiError(
      409,
      'already_escalated',
      active.state === 'open'
        ? 'This question exists at Directly: close it instead of releasing it.'
        : "This ticket's question is still being created; try again in a moment.",
      { escalation: active },
    );
  const at = new Date().toISOString();
  const note = `Released by ${by.name} at ${at} without closing anything at Directly; a question may still exist there. ${active.lastError ?? ''}`.trim();
  const released = await ledger.escalations.endUnsent(active.id, 'unknown', by, note);
  if (released) return released;
  const now = await ledger.escalations.byId(active.id);
  throw new ApiError(409, 'already_escalated', 'The question changed meanwhile (a close is under way or has finished); look again.', { escalation: now });
}

export type StatusOutcome = 'queued' | 'ignored-status' | 'nothing-open' | 'duplicate';

/** What a queued close carries: the status that asked for it, for the record and the actor. */
export interface CloseJobPayload {
  status: string;
}

/**
 * A ticket reached a status: closing its question is queued, once per delivery, and the
 * webhook is answered at once. The outbox worker closes it (jobs/close-job.ts).
 */
export async function queueCloseOnStatus(svc: Pick<Services, 'ledger' | 'config'>, host: string, event: TicketEvent, delivery: string): Promise<StatusOutcome> {
  const { ledger, config } = svc;
  const { ticketId, status } = event;
  if (!config.closedStatuses.includes(status.toLowerCase())) return 'ignored-status';
  if (!(await ledger.escalations.active(host, ticketId))) return 'nothing-open';
  const deliveryKey = `${host}|${delivery}|ticket:${ticketId}`;
  const claim = await ledger.deliveries.claim(deliveryKey);
  if (claim.kind === 'seen') return 'duplicate';
  let outcome: StatusOutcome = 'nothing-open';
  try {
    const active = await ledger.escalations.active(host, ticketId);
    if (!active) return outcome;
    const payload: CloseJobPayload = { status };
    if (await ledger.outbox.enqueueClose(active, payload, new Date().toISOString()))
      await ledger.escalations.noteError(active.id, `DeskDirector set status "${status}": closing the question at Directly is queued.`);
    return (outcome = 'queued');
  } finally {
    await ledger.deliveries.finish(deliveryKey, outcome);
  }
}
