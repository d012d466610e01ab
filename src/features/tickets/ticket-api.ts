// One ticket's reads, for the ticket screen (a lazy chunk); the list's are in api.ts.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { DdTicket } from '../../../common/deskdirector.ts';
import { type TicketPageReply, ticketReplySchema } from '../../../common/contract.ts';
import { keys } from '../../lib/query-keys.ts';
import type { Session } from '../../lib/session.tsx';

/** One ticket and its escalation history. */
export const ticketQuery = (s: Session, ticketId: number) =>
  queryOptions({
    queryKey: [...keys.tickets(s), 'ticket', ticketId],
    queryFn: ({ signal }) => s.api.get(`tickets/${ticketId}`, ticketReplySchema, { signal }),
    // Whether a question is open can change from elsewhere (a technician, the webhook).
    staleTime: 15_000,
  });

/** The list's copy of a ticket, so an opened ticket shows its title before its details arrive. */
export function ticketFromLists(qc: QueryClient, s: Session, ticketId: number): DdTicket | undefined {
  for (const [, data] of qc.getQueriesData<TicketPageReply>({ queryKey: [...keys.tickets(s), 'page'] })) {
    const found = data?.tickets.results.find((t) => t.id === ticketId);
    if (found) return found;
  }
  return undefined;
}
