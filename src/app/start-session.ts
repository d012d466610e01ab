import type { QueryClient } from '@tanstack/react-query';
import { draftQueries } from '../features/escalation/drafts-api.ts';
import { ticketQueries } from '../features/tickets/api.ts';
import type { LaunchProblem } from '../lib/launch.ts';
import { openSession, type Session } from '../lib/session.tsx';
import type { Booted } from './boot.ts';
import { deferredScreens } from './deferred.tsx';
import { createQueryClient } from './query-client.ts';

export type Started = { ok: true; session: Session; client: QueryClient } | { ok: false; problem: LaunchProblem | 'not-configured' };

/** The session and its query cache, built outside React so the first reads can leave before React renders. */
export function startSession({ launch, config, firstScreen }: Booted): Started {
  if (!config) return { ok: false, problem: 'not-configured' };
  if (!launch.ok) return { ok: false, problem: launch.problem };
  const session = openSession(launch.launch, config, () => deferredScreens.load().then((m) => m.readRefusal));
  const client = createQueryClient(session);
  // Read by the proxy while it served the page: these need no request now.
  if (firstScreen) {
    client.setQueryData(ticketQueries.page(session, 0, '').queryKey, firstScreen.tickets);
    client.setQueryData(ticketQueries.me(session).queryKey, firstScreen.tickets.user);
    client.setQueryData(draftQueries.latest(session).queryKey, firstScreen.latestDraft);
  }
  return { ok: true, session, client };
}

/** The first screen's reads, in parallel: the list (with who is asking and its escalations) and the unsent draft. */
export function sendFirstReads(started: Started): void {
  if (!started.ok || started.session.isEnded()) return;
  const { session, client } = started;
  void client.prefetchQuery(ticketQueries.page(session, 0, ''));
  void client.prefetchQuery(draftQueries.latest(session));
}
