// Closing a ticket's Directly question, asked by a technician or by DeskDirector's webhook
// when the ticket reaches a closed status.
import { type Actor, type Escalation } from '../../common/contract.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { DirectlyError } from '../upstreams/directly.ts';
import { directlyResting } from './escalate.ts';
import type { TicketEvent } from './ticket-events.ts';

/** After this many failed closeQuestion calls for one delivery, it is acknowledged and left to a technician. */
export const MAX_CLOSE_FAILURES = 3;

type Closing = { kind: 'closed' | 'settled'; escalation: Escalation } | { kind: 'failed'; error: DirectlyError };

/** Closes an open (or unknown) question in Directly and records it; `settledNote` says how an unknown one was settled. */
async function closeOrSettle({ ledger, directly }: Services, active: Escalation, by: Actor, settledNote: string): Promise<Closing> {
  try {
    await directly.closeQuestion(await ledger.escalations.helpDeskIdOf(active.id));
  } catch (e) {
    if (!(e instanceof DirectlyError)) throw e;
    // Closing settles an unknown outcome: Directly refusing means it holds no question for the ticket.
    if (active.state === 'unknown' && e.kind === 'http') return { kind: 'settled', escalation: await ledger.escalations.markFailed(active.id, settledNote) };
    return { kind: 'failed', error: e };
  }
  return { kind: 'closed', escalation: await ledger.escalations.markClosed(active.id, by) };
}

/** A technician closes the ticket's question; a failure leaves it open and says so on the record. */
export async function closeQuestion(svc: Services, host: string, ticketId: number, by: Actor): Promise<Escalation> {
  const active = await svc.ledger.escalations.active(host, ticketId);
  if (!active) throw new ApiError(404, 'not_escalated', 'This ticket has no open expert question.');
  if (active.state === 'pending')
    throw new ApiError(409, 'not_escalated', "This ticket's question is still being created; try again in a moment.", { escalation: active });
  const closing = await closeOrSettle(svc, active, by, 'Directly holds no question for this ticket (checked by closing); it can be sent again.');
  if (closing.kind !== 'failed') return closing.escalation;
  const escalation = await svc.ledger.escalations.noteError(active.id, `closeQuestion: ${closing.error.message}`);
  if (closing.error.kind === 'circuit-open')
    throw directlyResting(closing.error, 'Directly is failing right now, so the question was not closed. It is still open; try again', escalation);
  throw new ApiError(502, 'directly_unavailable', 'Directly did not close the question. It is still open; try again in a few minutes.', { escalation });
}

export type StatusOutcome = 'closed' | 'ignored-status' | 'nothing-open' | 'duplicate' | 'gave-up' | 'failed';

/** A ticket reached a status: its open question is closed at most once per delivery. */
export async function closeOnStatus(svc: Services, host: string, event: TicketEvent, delivery: string): Promise<StatusOutcome> {
  const { ledger, config } = svc;
  const { ticketId, status } = event;
  if (!config.closedStatuses.includes(status.toLowerCase())) return 'ignored-status';
  if (!(await ledger.escalations.active(host, ticketId))) return 'nothing-open';

  // From here on something may change: claim this delivery for this ticket first.
  const deliveryKey = `${host}|${delivery}|ticket:${ticketId}`;
  const claim = await ledger.deliveries.claim(deliveryKey);
  if (claim.kind === 'seen') return 'duplicate';
  let outcome: StatusOutcome = 'failed';
  try {
    // Read again now that this delivery is ours: another one may have closed it meanwhile.
    const active = await ledger.escalations.active(host, ticketId);
    if (!active) return (outcome = 'nothing-open');
    let error = 'the question was still being created';
    if (active.state !== 'pending') {
      const by: Actor = { app: 'webhook', id: 0, name: `DeskDirector (status ${status})` };
      const closing = await closeOrSettle(svc, active, by, `Directly holds no question for this ticket (checked when DeskDirector set status "${status}").`);
      if (closing.kind !== 'failed') return (outcome = 'closed');
      error = closing.error.message;
    }
    const failures = claim.failures + 1;
    const reason = `closeQuestion after DeskDirector status "${status}": ${error}.`;
    if (failures >= MAX_CLOSE_FAILURES) {
      await ledger.escalations.noteError(active.id, `${reason} Gave up after ${failures} deliveries; close the question by hand.`);
      return (outcome = 'gave-up');
    }
    await ledger.escalations.noteError(active.id, `${reason} DeskDirector will deliver the event again.`);
    return outcome;
  } finally {
    await ledger.deliveries.finish(deliveryKey, outcome);
  }
}
