// Drafts survive a failed send, an ended session and an iframe reload. They are kept in
// sessionStorage where the browser allows it, and always with the proxy, because many
// browsers deny storage to a page framed by another site. The token is never stored.

import { LAST_TICKET, lastLocalDraftTicket, storage } from './last-draft-ticket.ts';

export interface StoredDraft {
  subject: string;
  text: string;
}

const key = (host: string, ticketId: number) => `dd-directly:draft:${host}:${ticketId}`;

export function loadLocalDraft(host: string, ticketId: number): StoredDraft | null {
  try {
    const raw = storage()?.getItem(key(host, ticketId));
    const d = raw ? (JSON.parse(raw) as Partial<StoredDraft>) : null;
    return d && typeof d.subject === 'string' && typeof d.text === 'string' ? { subject: d.subject, text: d.text } : null;
  } catch {
    return null;
  }
}

export function saveLocalDraft(host: string, ticketId: number, draft: StoredDraft): void {
  try {
    storage()?.setItem(key(host, ticketId), JSON.stringify(draft));
    storage()?.setItem(LAST_TICKET, JSON.stringify({ host, ticketId }));
  } catch {
    /* full or denied: the proxy still has it */
  }
}

export function clearLocalDraft(host: string, ticketId: number): void {
  try {
    storage()?.removeItem(key(host, ticketId));
    if (lastLocalDraftTicket(host) === ticketId) storage()?.removeItem(LAST_TICKET);
  } catch {
    /* denied */
  }
}
