// Questions a user asked to send "when Directly is back". Each is sent once: a try Directly
// refuses is queued again with backoff, one it never answered is held as unknown and never
// resent, and after MAX_QUEUED_TRIES tries it is left not sent, to try again from the ticket.
import type { DirectlyQuestion } from '../../common/directly-question.ts';
import type { Config } from '../config.ts';
import { giveTextBack } from '../escalations/close-question.ts';
import { failedTry } from '../escalations/escalate.ts';
import { ticketNoteItem } from '../escalations/ticket-note.ts';
import type { Ledger } from '../ledger/index.ts';
import type { Logger } from '../log.ts';
import { actorKey } from '../services.ts';
import { DirectlyError, type DirectlyClient } from '../upstreams/directly.ts';

export const MAX_QUEUED_TRIES = 30;
const BATCH = 25;

export interface QueuedSendDeps {
  ledger: Ledger;
  directly: DirectlyClient;
  config: Pick<Config, 'deskDirectorApiKeys'>;
  log: Logger;
  now: () => number;
  /** How long to wait after a ticket's nth failed try. */
  backoffMs: (tries: number) => number;
}

/** Sends the queued questions that are due, one after another; returns how many went. */
export async function sendQueuedDue(deps: QueuedSendDeps): Promise<{ sent: number; failed: number }> {
  const { ledger, directly, config, log, now } = deps;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < BATCH; i++) {
    const claimed = await ledger.escalations.claimQueued();
    if (!claimed) break;
    const { escalation, helpDeskId } = claimed;
    const fields = { escalationId: escalation.id, ticketId: escalation.ticketId, tries: escalation.attempts.length + 1 };
    try {
      const answer = await directly.saveQuestion({ ...(claimed.question as DirectlyQuestion), helpDeskId });
      const enqueue = ticketNoteItem(config, escalation.host, escalation, answer.url);
      await ledger.escalations.markOpen(escalation, answer, { enqueue, draftOf: actorKey(escalation.escalatedBy) });
      sent += 1;
      log.info({ ...fields, questionId: answer.id }, 'queued question sent');
      continue;
    } catch (e) {
      failed += 1;
      // Anything but Directly's own failure is a fault of ours mid-call: hold, never resend.
      const tried = e instanceof DirectlyError ? failedTry(e) : null;
      if (!tried || tried.unknown) {
        await ledger.escalations.markFailed(
          escalation,
          tried?.attempt ?? {
            outcome: 'unknown',
            error: `unexpected error while sending (${(e as Error).name}); the question may or may not exist in Directly`,
          },
          'unknown',
        );
        log.warn({ ...fields, kind: tried ? (e as DirectlyError).kind : 'internal' }, 'queued question outcome unknown');
        continue;
      }
      const error = e as DirectlyError;
      // Held back by the circuit breaker: nothing was tried, so nothing is counted.
      if (error.kind === 'circuit-open') {
        await ledger.escalations.markQueued(escalation, null, now() + (error.retryAfterMs ?? deps.backoffMs(1)));
        break;
      }
      const tries = escalation.attempts.length + 1;
      if (tried.retryable && tries < MAX_QUEUED_TRIES) {
        await ledger.escalations.markQueued(escalation, tried.attempt, now() + deps.backoffMs(tries));
        log.warn({ ...fields, status: error.status }, 'queued question refused; queued again');
      } else {
        const why = tried.retryable ? `not sent after ${tries} tries` : 'Directly refused it';
        await ledger.escalations.markFailed(escalation, { ...tried.attempt, error: `${tried.attempt.error} (${why}; send it again from the ticket)` });
        await giveTextBack(ledger, escalation);
        log.warn({ ...fields, status: error.status }, 'queued question given up');
      }
    }
  }
  return { sent, failed };
}
