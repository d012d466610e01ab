import { keepPreviousData, queryOptions } from '@tanstack/react-query';
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
  ticket: (s: Session, ticketId: number) =>
    queryOptions({
      queryKey: ['dd', s.launch.host, s.launch.app, 'ticket', ticketId],
      queryFn: ({ signal }) => s.dd.ticket(ticketId, signal),
      staleTime: 30_000,
    }),
};
