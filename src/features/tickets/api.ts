import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { DdTicket, DdUser } from '../../../common/deskdirector-api.ts';
import { ticketPageReplySchema, ticketReplySchema, type TicketPageReply } from '../../../common/proxy-api.ts';
import { proxyCall } from '../../lib/proxy-client.ts';
import type { Session } from '../../lib/session.tsx';

// Every DeskDirector read goes through our proxy, as the signed-in user: a call to our own
// origin needs no CORS preflight, so the first screen waits one DeskDirector round trip.
// Keys go generic → specific and start with the instance, so sessions never share data.
export const ticketQueries = {
  all: (s: Session) => ['proxy', s.launch.host, s.launch.app, 'tickets'] as const,
  /** A page of open tickets, who is asking, and each ticket's latest escalation: one request. */
  page: (s: Session, page: number, search: string) =>
    queryOptions({
      queryKey: [...ticketQueries.all(s), 'page', { page, search }],
      queryFn: async ({ signal, client }) => {
        const reply = await proxyCall(() => s.proxy.get('tickets', { searchParams: { page, search }, signal }).json(ticketPageReplySchema));
        // Every page says who is asking; the header follows the latest answer.
        client.setQueryData(ticketQueries.me(s).queryKey, reply.user);
        return reply;
      },
      // Tickets change in DeskDirector, not here: half a minute keeps paging back and forth free.
      staleTime: 30_000,
      placeholderData: keepPreviousData,
    }),
  /** One ticket and its escalation history. */
  ticket: (s: Session, ticketId: number) =>
    queryOptions({
      queryKey: [...ticketQueries.all(s), 'ticket', ticketId],
      queryFn: ({ signal }) => proxyCall(() => s.proxy.get(`tickets/${ticketId}`, { signal }).json(ticketReplySchema)),
      // Whether a question is open can change from elsewhere (a technician, the webhook).
      staleTime: 15_000,
    }),
  /**
   * Who is signed in: part of the first page's answer, so it costs no request of its own
   * (fetchQuery joins the first page's fetch, or reuses its fresh copy).
   */
  me: (s: Session) =>
    queryOptions({
      queryKey: ['proxy', s.launch.host, s.launch.app, 'me'],
      queryFn: async ({ client }): Promise<DdUser> => (await client.fetchQuery(ticketQueries.page(s, 0, ''))).user,
      // Who is signed in does not change during a session.
      staleTime: Infinity,
    }),
};

/** The list's copy of a ticket, so an opened ticket shows its title before its details arrive. */
export function ticketFromLists(qc: QueryClient, s: Session, ticketId: number): DdTicket | undefined {
  for (const [, data] of qc.getQueriesData<TicketPageReply>({ queryKey: [...ticketQueries.all(s), 'page'] })) {
    const found = data?.tickets.results.find((t) => t.id === ticketId);
    if (found) return found;
  }
  return undefined;
}
