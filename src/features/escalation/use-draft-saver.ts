import { queryOptions } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { draftReplySchema } from '../../../common/contract.ts';
import { keys } from '../../lib/query-keys.ts';
import { useSession, type Session } from '../../lib/session.tsx';
import { clearLocalDraft, saveLocalDraft, type StoredDraft } from './local-drafts.ts';

export const DRAFT_SAVE_DELAY_MS = 800;

/** The proxy's copy of one ticket's draft, read when the ticket opens (apart from drafts-api.ts, which the first screen loads). */
export const savedDraftQuery = (s: Session, ticketId: number) =>
  queryOptions({
    queryKey: [...keys.drafts(s), ticketId],
    queryFn: ({ signal }) => s.api.get(`drafts/${ticketId}`, draftReplySchema, { signal }),
    staleTime: Infinity,
    gcTime: Infinity,
  });

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
    s.api.put(`drafts/${ticketId}`, { json: draft, keepalive: true }).catch(() => {
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
