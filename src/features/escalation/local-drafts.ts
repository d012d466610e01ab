// Drafts survive a failed send, an ended session and an iframe reload. They are kept in
// sessionStorage where the browser allows it, and always with the proxy, because many
// browsers deny storage to a page framed by another site. The token is never stored.
import { queryOptions } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { draftReplySchema } from '../../../common/proxy-api.ts';
import { proxyCall } from '../../lib/proxy-client.ts';
import { useSession, type Session } from '../../lib/session.tsx';

export interface StoredDraft {
  subject: string;
  text: string;
}

const key = (host: string, ticketId: number) => `dd-directly:draft:${host}:${ticketId}`;
const LAST_TICKET = 'dd-directly:last-ticket';
export const DRAFT_SAVE_DELAY_MS = 800;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadLocalDraft(host: string, ticketId: number): StoredDraft | null {
  try {
    const raw = storage()?.getItem(key(host, ticketId));
    const d = raw ? (JSON.parse(raw) as Partial<StoredDraft>) : null;
    return d && typeof d.subject === 'string' && typeof d.text === 'string' ? { subject: d.subject, text: d.text } : null;
  } catch {
    return null;
  }
}

function saveLocalDraft(host: string, ticketId: number, draft: StoredDraft): void {
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

const fetchDraft = (s: Session, path: string, signal: AbortSignal) => proxyCall(() => s.proxy.get(path, { signal }).json(draftReplySchema));

export const draftQueries = {
  latest: (s: Session) =>
    queryOptions({
      queryKey: ['proxy', s.launch.host, 'drafts', 'latest'],
      queryFn: ({ signal }) => fetchDraft(s, 'drafts/latest', signal),
      // Read once when the page opens; afterwards the page itself is the truth.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  forTicket: (s: Session, ticketId: number) =>
    queryOptions({
      queryKey: ['proxy', s.launch.host, 'drafts', ticketId],
      queryFn: ({ signal }) => fetchDraft(s, `drafts/${ticketId}`, signal),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};

/** Saves locally at once and to the proxy shortly after typing stops (and on leaving). */
export function useDraftSaver(ticketId: number): { save: (draft: StoredDraft) => void; discard: () => void } {
  const s = useSession();
  const pending = useRef<StoredDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const draft = pending.current;
    pending.current = null;
    if (!draft) return;
    // keepalive lets the save finish even when the frame is being torn down.
    s.proxy.put(`drafts/${ticketId}`, { json: draft, keepalive: true }).catch(() => {
      /* kept locally where possible; the next keystroke tries again */
    });
  }, [s, ticketId]);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const save = useCallback(
    (draft: StoredDraft) => {
      saveLocalDraft(s.launch.host, ticketId, draft);
      pending.current = draft;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, DRAFT_SAVE_DELAY_MS);
    },
    [s.launch.host, ticketId, flush],
  );
  /** After a send: the proxy deleted its copy, and a late save must not bring it back. */
  const discard = useCallback(() => {
    clearTimeout(timer.current);
    pending.current = null;
    clearLocalDraft(s.launch.host, ticketId);
  }, [s.launch.host, ticketId]);
  return { save, discard };
}
