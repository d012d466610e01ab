// Drafts survive a failed send and an iframe reload: kept per instance and ticket in
// sessionStorage (this tab only). The token is never stored anywhere.
export interface StoredDraft {
  subject: string;
  text: string;
}

const key = (host: string, ticketId: number) => `dd-directly:draft:${host}:${ticketId}`;
const LAST_TICKET = 'dd-directly:last-ticket';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // A sandbox without allow-same-origin throws on access; drafts then live in memory only.
    return null;
  }
}

export function loadDraft(host: string, ticketId: number): StoredDraft | null {
  try {
    const raw = storage()?.getItem(key(host, ticketId));
    const d = raw ? (JSON.parse(raw) as Partial<StoredDraft>) : null;
    return d && typeof d.subject === 'string' && typeof d.text === 'string' ? { subject: d.subject, text: d.text } : null;
  } catch {
    return null;
  }
}

export function saveDraft(host: string, ticketId: number, draft: StoredDraft): void {
  try {
    storage()?.setItem(key(host, ticketId), JSON.stringify(draft));
    storage()?.setItem(LAST_TICKET, JSON.stringify({ host, ticketId }));
  } catch {
    /* storage full or blocked: the draft stays in the form */
  }
}

export function clearDraft(host: string, ticketId: number): void {
  storage()?.removeItem(key(host, ticketId));
  storage()?.removeItem(LAST_TICKET);
}

/** The ticket whose draft was being edited last in this tab, so a reopened page returns to it. */
export function lastDraftTicket(host: string): number | null {
  try {
    const raw = storage()?.getItem(LAST_TICKET);
    const v = raw ? (JSON.parse(raw) as { host?: string; ticketId?: number }) : null;
    return v?.host === host && typeof v.ticketId === 'number' ? v.ticketId : null;
  } catch {
    return null;
  }
}
