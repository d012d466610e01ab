// Which ticket's draft was edited last in this tab: the shell reads it to choose the first
// screen, so it stays out of local-drafts.ts, which loads with the ticket screen.

export const LAST_TICKET = 'dd-directly:last-ticket';

/** The tab's sessionStorage, or null where the browser denies it to a framed page. */
export function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The ticket whose draft was edited last in this tab, if the browser let us remember. */
export function lastLocalDraftTicket(host: string): number | null {
  try {
    const raw = storage()?.getItem(LAST_TICKET);
    const v = raw ? (JSON.parse(raw) as { host?: string; ticketId?: number }) : null;
    return v?.host === host && typeof v.ticketId === 'number' ? v.ticketId : null;
  } catch {
    return null;
  }
}
