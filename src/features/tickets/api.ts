import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { DdUser } from '../../../common/deskdirector.ts';
import { ticketPageReplySchema } from '../../../common/contract.ts';
import { keys } from '../../lib/query-keys.ts';
import type { Session } from '../../lib/session.tsx';

// Every DeskDirector read goes through our proxy, as the signed-in user: a call to our own
// origin needs no CORS preflight, so the first screen waits one DeskDirector round trip.
export const ticketQueries = {
  /** A page of open tickets, who is asking, and each ticket's latest escalation: one request. */
  page: (s: Session, page: number, search: string) =>
    queryOptions({
      queryKey: [...keys.tickets(s), 'page', { page, search }],
      queryFn: async ({ signal, client }) => {
        const reply = await s.api.get('tickets', ticketPageReplySchema, { searchParams: { page, search }, signal });
        // Every page says who is asking; the header follows the latest answer.
        client.setQueryData(ticketQueries.me(s).queryKey, reply.user);
        return reply;
      },
      // Tickets change in DeskDirector, not here: half a minute keeps paging back and forth free.
      staleTime: 30_000,
      placeholderData: keepPreviousData,
    }),
  /**
   * Who is signed in: part of the first page's answer, so it costs no request of its own
   * (fetchQuery joins the first page's fetch, or reuses its fresh copy).
   */
  me: (s: Session) =>
    queryOptions({
      queryKey: keys.me(s),
      queryFn: async ({ client }): Promise<DdUser> => (await client.fetchQuery(ticketQueries.page(s, 0, ''))).user,
      // Who is signed in does not change during a session.
      staleTime: Infinity,
    }),
};
