// The note a technician sees on the DeskDirector ticket once its question exists in
// Directly, queued with the escalation (jobs/outbox-worker.ts writes it). Every note
// carries a marker with the escalation id, so a retried write can find an earlier one.
import type { Escalation } from '../../common/contract.ts';
import type { DdNewNote } from '../upstreams/deskdirector.ts';
import type { Config } from '../config.ts';
import type { OutboxItem } from '../ledger/outbox.ts';

export const TICKET_NOTE = 'ticket-note';
export const NO_KEY_ERROR = 'no DESKDIRECTOR_API_KEYS entry for host';

export interface TicketNotePayload extends DdNewNote {
  /** Found in the ticket's notes after an uncertain try, so the note is not posted twice. */
  marker: string;
}

export const noteMarker = (escalationId: string) => `dd-directly:${escalationId}`;

export function ticketNote(e: Pick<Escalation, 'id' | 'subject' | 'escalatedBy' | 'askedFor'>, questionUrl: string): TicketNotePayload {
  const marker = noteMarker(e.id);
  const by = e.escalatedBy.app === 'tech' ? `${e.escalatedBy.name} (technician) for ${e.askedFor.name}` : e.escalatedBy.name;
  return {
    text: `Sent to Directly's experts by ${by}: "${e.subject}"\n${questionUrl}\n(Ask an expert, ref ${marker})`,
    isInternal: true,
    marker,
  };
}

/**
 * The outbox row for an escalation that just opened. Without any API key configured the
 * feature is off (null); with keys but none for this host the row is kept with a visible
 * error and retried slowly, so adding the key later still delivers it.
 */
export function ticketNoteItem(
  config: Pick<Config, 'deskDirectorApiKeys'>,
  host: string,
  e: Pick<Escalation, 'id' | 'subject' | 'escalatedBy' | 'askedFor'>,
  questionUrl: string,
): OutboxItem | null {
  if (config.deskDirectorApiKeys.size === 0) return null;
  return { kind: TICKET_NOTE, payload: ticketNote(e, questionUrl), lastError: config.deskDirectorApiKeys.has(host) ? null : NO_KEY_ERROR };
}
