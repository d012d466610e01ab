import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { type EscalateRequest, escalationReplySchema } from '../../../common/contract.ts';
import { keys } from '../../lib/query-keys.ts';
import { useSession, type Session } from '../../lib/session.tsx';
import { draftQueries } from './drafts-api.ts';

/** After an escalation changes: badges, histories, ticket states and the report may all differ. */
const refreshAfterChange = (qc: QueryClient, s: Session) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.tickets(s) }), qc.invalidateQueries({ queryKey: keys.report(s) })]);

export function useEscalate() {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: { req: EscalateRequest; idempotencyKey: string }) =>
      s.api.post('escalations', escalationReplySchema, { json: args.req, headers: { 'Idempotency-Key': args.idempotencyKey } }),
    onSettled: () => refreshAfterChange(qc, s),
    // The proxy deleted the sent ticket's draft; say so here too, rather than ask again.
    onSuccess: (_data, args) => {
      qc.setQueryData(draftQueries.forTicket(s, args.req.ticketId).queryKey, { draft: null });
      qc.setQueryData(draftQueries.latest(s).queryKey, (old) => (old?.draft?.ticketId === args.req.ticketId ? { draft: null } : old));
    },
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
