import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type Escalation, escalationListSchema, escalationReplySchema } from '../../../common/contract.ts';
import type { EscalateRequest } from '../../../common/draft-requests.ts';
import { keys } from '../../lib/query-keys.ts';
import { useSession, type Session } from '../../lib/session.tsx';
import { savedDraftQuery } from './use-draft-saver.ts';

/** After an escalation changes: badges, histories, ticket states and the report may all differ. */
const refreshAfterChange = (qc: QueryClient, s: Session) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.tickets(s) }), qc.invalidateQueries({ queryKey: keys.report(s) })]);

export function useEscalate() {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: { ticketId: number; req: EscalateRequest; idempotencyKey: string }) =>
      s.api.post(`escalations/${args.ticketId}`, escalationReplySchema, { json: args.req, headers: { 'Idempotency-Key': args.idempotencyKey } }),
    onSettled: () => refreshAfterChange(qc, s),
    // The proxy deleted the sent ticket's draft; say so here too, rather than ask again. The
    // latest draft is left as read: the shell opened on its ticket, and stays there once it is sent.
    onSuccess: (_data, args) => qc.setQueryData(savedDraftQuery(s, args.ticketId).queryKey, { draft: null }),
  });
}

/** Closes the ticket's question at Directly, or releases a ticket whose outcome is unknown without closing anything there. */
function useQuestionAction(action: 'close' | 'release' | 'withdraw') {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: number) => s.api.post(`escalations/${ticketId}/${action}`, escalationReplySchema),
    onSettled: async (reply) => {
      // A question taken out of the queue gave its text back as a draft: read it before the form reappears.
      if (reply?.escalation.state === 'failed') await qc.invalidateQueries({ queryKey: keys.drafts(s) });
      await refreshAfterChange(qc, s);
    },
  });
}

export const useCloseQuestion = () => useQuestionAction('close');
export const useReleaseQuestion = () => useQuestionAction('release');
export const useWithdrawQuestion = () => useQuestionAction('withdraw');

/**
 * Follows a question that waits for Directly (or is being sent) in the proxy's own record,
 * every 5 s, which costs no DeskDirector call; once it has moved on, the ticket and its
 * history are read again.
 */
export function useFollowWaiting(ticketId: number, waiting: Escalation | undefined) {
  const s = useSession();
  const qc = useQueryClient();
  const latest = useQuery({
    queryKey: [...keys.session(s), 'escalation-state', ticketId],
    queryFn: ({ signal }) => s.api.get('escalations', escalationListSchema, { searchParams: { ticketIds: String(ticketId) }, signal }),
    enabled: waiting !== undefined,
    refetchInterval: 5_000,
  });
  const now = latest.data?.escalations[0];
  const moved = waiting !== undefined && now !== undefined && (now.id !== waiting.id || now.state !== waiting.state);
  useEffect(() => {
    if (moved) void qc.invalidateQueries({ queryKey: keys.tickets(s) });
  }, [moved, qc, s]);
}
