// A queued close (from DeskDirector's webhook): the outbox worker calls closeQuestion with
// the same single-owner claim and backoff as notes, and after MAX_CLOSE_ATTEMPTS leaves the
// question to a technician. Every step is visible on the escalation's lastError.
import type { Actor } from '../../common/contract.ts';
import { closeOnce, MAX_CLOSE_ATTEMPTS, takeOutOfQueue, type CloseJobPayload, type CloseServices } from '../escalations/close-question.ts';
import type { OutboxRow } from '../ledger/outbox.ts';

export type CloseJobResult = { kind: 'done'; how: 'closed' | 'nothing-open' } | { kind: 'retry'; error: string } | { kind: 'gave-up'; error: string };

export async function runCloseJob(svc: CloseServices, row: OutboxRow): Promise<CloseJobResult> {
  const { ledger } = svc;
  const { status } = row.payload as CloseJobPayload;
  const active = await ledger.escalations.activeSettled(row.dd_host, Number(row.ticket_id));
  if (!active || active.id !== row.escalation_id) return { kind: 'done', how: 'nothing-open' };
  const tried = `closeQuestion after DeskDirector status "${status}" (attempt ${row.attempts} of ${MAX_CLOSE_ATTEMPTS})`;
  const by: Actor = { app: 'webhook', id: 0, name: `DeskDirector (status ${status})` };
  // Not sent yet, and now never needed.
  if (active.state === 'queued' && (await takeOutOfQueue(ledger, active, by))) return { kind: 'done', how: 'closed' };
  let error: string;
  if (active.state === 'pending' || active.state === 'queued') error = 'the question was still being created';
  else {
    const closing = await closeOnce(svc, active, by, (e) => `${tried}: ${e.message}.`);
    if (closing.kind === 'closed') return { kind: 'done', how: closing.escalation.state === 'closed' ? 'closed' : 'nothing-open' };
    error = closing.kind === 'busy' ? 'another close had not finished' : closing.error.message;
  }
  if (row.attempts >= MAX_CLOSE_ATTEMPTS) {
    await ledger.escalations.noteError(active.id, `${tried}: ${error}. Needs a technician: close the question from this ticket.`);
    return { kind: 'gave-up', error };
  }
  await ledger.escalations.noteError(active.id, `${tried}: ${error}. Retrying.`);
  return { kind: 'retry', error };
}
