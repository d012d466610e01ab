import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { escalationListSchema, escalationReplySchema, type EscalateRequest, type Escalation } from '../../../common/proxy-api.ts';
import { toProxyError } from '../../lib/proxy-client.ts';
import { useSession, type Session } from '../../lib/session.tsx';

export async function proxyCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw await toProxyError(error);
  }
}

export const escalationQueries = {
  all: (s: Session) => ['proxy', s.launch.host, 'escalations'] as const,
  /** The latest escalation of every ticket on a page, in one request. */
  forTickets: (s: Session, ticketIds: number[]) =>
    queryOptions({
      queryKey: [...escalationQueries.all(s), 'latest', ticketIds],
      queryFn: ({ signal }) =>
        proxyCall(() => s.proxy.get('escalations', { searchParams: { ticketIds: ticketIds.join(',') }, signal }).json(escalationListSchema)),
      enabled: ticketIds.length > 0,
      staleTime: 15_000,
      select: (d) => new Map(d.escalations.map((e) => [e.ticketId, e])),
    }),
  history: (s: Session, ticketId: number) =>
    queryOptions({
      queryKey: [...escalationQueries.all(s), 'history', ticketId],
      queryFn: ({ signal }) => proxyCall(() => s.proxy.get(`escalations/${ticketId}/history`, { signal }).json(escalationListSchema)),
      staleTime: 15_000,
      select: (d) => d.escalations,
    }),
};

export function useEscalate() {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: { req: EscalateRequest; idempotencyKey: string }) =>
      proxyCall(() => s.proxy.post('escalations', { json: args.req, headers: { 'Idempotency-Key': args.idempotencyKey } }).json(escalationReplySchema)),
    onSettled: () => qc.invalidateQueries({ queryKey: escalationQueries.all(s) }),
    // The proxy deletes a sent ticket's draft; forget our copy of it too.
    onSuccess: (_data, args) => qc.removeQueries({ queryKey: ['proxy', s.launch.host, 'drafts'] , predicate: (q) => q.queryKey[3] === args.req.ticketId || q.queryKey[3] === 'latest' }),
  });
}

export function useCloseQuestion() {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: number) => proxyCall(() => s.proxy.post(`escalations/${ticketId}/close`).json(escalationReplySchema)),
    onSettled: () => qc.invalidateQueries({ queryKey: escalationQueries.all(s) }),
  });
}

/** The states in which the proxy holds the ticket: no new question can be sent. */
export const isActive = (e: Escalation | undefined) => e?.state === 'open' || e?.state === 'pending' || e?.state === 'unknown';
