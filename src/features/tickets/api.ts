import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { DdTicket, DdTicketPage } from '../../../common/deskdirector-api.ts';
import type { Session } from '../../lib/session.tsx';

export const PAGE_SIZE = 10;

// Keys go generic → specific and start with the instance, so sessions never share data.
export const ddQueries = {
  me: (s: Session) =>
    queryOptions({
      queryKey: ['dd', s.launch.host, s.launch.app, 'me'],
      queryFn: ({ signal }) => s.dd.me(signal),
      // Who is signed in does not change during a session.
      staleTime: Infinity,
    }),
  ticketPage: (s: Session, page: number, search: string) =>
    queryOptions({
      queryKey: ['dd', s.launch.host, s.launch.app, 'tickets', { page, search }],
      queryFn: ({ signal }) => s.dd.findTickets({ take: PAGE_SIZE, skip: page * PAGE_SIZE, search: search || undefined, openOnly: true }, signal),
      staleTime: 30_000,
      placeholderData: keepPreviousData,
    }),
  /**
   * A ticket opened from the list starts from the list's copy (the same validated shape),
   * so opening it costs DeskDirector no call while that copy is fresh.
   */
  ticket: (s: Session, ticketId: number, qc?: QueryClient) =>
    queryOptions({
      queryKey: ['dd', s.launch.host, s.launch.app, 'ticket', ticketId],
      queryFn: ({ signal }) => s.dd.ticket(ticketId, signal),
      staleTime: 30_000,
      ...(qc ? fromTicketLists(qc, s, ticketId) : {}),
    }),
};

function fromTicketLists(qc: QueryClient, s: Session, ticketId: number): { initialData?: DdTicket; initialDataUpdatedAt?: number } {
  for (const [key, page] of qc.getQueriesData<DdTicketPage>({ queryKey: ['dd', s.launch.host, s.launch.app, 'tickets'] })) {
    const found = page?.results.find((t) => t.id === ticketId);
    if (found) return { initialData: found, initialDataUpdatedAt: qc.getQueryState(key)?.dataUpdatedAt ?? 0 };
  }
  return {};
}
