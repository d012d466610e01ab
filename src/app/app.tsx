import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { LaunchError } from '../features/launch/launch-error.tsx';
import { draftQueries, lastLocalDraftTicket } from '../features/escalation/drafts.ts';
import { ddQueries } from '../features/tickets/api.ts';
import { TicketList } from '../features/tickets/ticket-list.tsx';
import type { PageConfig } from '../lib/app-config.ts';
import type { LaunchResult } from '../lib/launch.ts';
import { isSessionEnded, SessionProvider, useSession } from '../lib/session.tsx';
import { DeskDirectorError } from '../../common/deskdirector-client.ts';
import { ErrorNote } from './error-note.tsx';

export function App(props: { launch: LaunchResult; config: PageConfig | null; fetch?: typeof fetch }) {
  if (!props.config) return <LaunchError problem="not-configured" />;
  if (!props.launch.ok) return <LaunchError problem={props.launch.problem} />;
  return (
    <SessionProvider launch={props.launch.launch} config={props.config} ended={<LaunchError problem="expired" />} {...(props.fetch ? { fetch: props.fetch } : {})}>
      <SessionQueries>
        <Home />
      </SessionQueries>
    </SessionProvider>
  );
}

/** Only what a second try can fix: a network blip or a 5xx, never a refusal or a wrong shape. */
function isWorthRetrying(error: unknown): boolean {
  if (isSessionEnded(error)) return false;
  if (error instanceof DeskDirectorError) return error.kind === 'timeout' || error.kind === 'network' || error.kind === 'upstream';
  const status = (error as { status?: number }).status ?? 0;
  return status === 0 || status >= 500;
}

function SessionQueries(props: { children: ReactNode }) {
  const session = useSession();
  const [client] = useState(() => {
    const onError = (error: unknown) => {
      if (isSessionEnded(error)) session.end();
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          // The iframe regains focus every time the user comes back to the portal tab.
          refetchOnWindowFocus: false,
          // Retry only what a retry can fix; never a 4xx or an ended session.
          retry: (count, error) => count < 1 && isWorthRetrying(error),
        },
        mutations: { retry: false },
      },
    });
  });
  // useQuery starts fetching from a passive effect, which React runs after the first paint.
  // The first screen's reads start at commit instead; useQuery then joins these fetches.
  useLayoutEffect(() => {
    void client.prefetchQuery(ddQueries.me(session));
    void client.prefetchQuery(ddQueries.ticketPage(session, 0, ''));
    void client.prefetchQuery(draftQueries.latest(session));
  }, [client, session]);
  return <QueryClientProvider client={client}>{props.children}</QueryClientProvider>;
}

// Only technicians use the report: Portal users never download it.
const AdminView = lazy(() => import('../features/admin/admin-view.tsx'));
// The ticket view (form, preview, history) is not needed to show the list: it loads in
// the background right after the first screen, so opening a ticket does not wait for it.
const loadTicketView = () => import('../features/tickets/ticket-view.tsx');
const TicketView = lazy(() => loadTicketView().then((m) => ({ default: m.TicketView })));

function Home() {
  const s = useSession();
  const me = useQuery(ddQueries.me(s));
  // Reopened from the menu, the page returns to the ticket whose draft was left unsent.
  const latestDraft = useQuery(draftQueries.latest(s));
  const [chosen, setTicketId] = useState<number | null | undefined>(() => lastLocalDraftTicket(s.launch.host) ?? undefined);
  const ticketId = chosen === undefined ? (latestDraft.data?.draft?.ticketId ?? null) : chosen;
  const deciding = chosen === undefined && latestDraft.isPending;
  const [tab, setTab] = useState<'tickets' | 'report'>('tickets');
  const isTech = s.launch.app === 'tech';
  useEffect(() => {
    void loadTicketView();
  }, []);

  return (
    <div className="shell">
      <header className="top">
        <h1>Ask an expert</h1>
        <p className="muted small" aria-live="polite">
          {me.data ? <>Signed in as <strong>{me.data.userName}</strong> · {s.launch.app === 'tech' ? 'Technician' : 'Portal'}</> : me.isPending ? 'Checking who you are…' : null}
        </p>
      </header>
      {isTech ? (
        <nav className="tabs" aria-label="Views">
          <button type="button" aria-current={tab === 'tickets' ? 'page' : undefined} onClick={() => setTab('tickets')}>Tickets</button>
          <button type="button" aria-current={tab === 'report' ? 'page' : undefined} onClick={() => setTab('report')}>Escalations</button>
        </nav>
      ) : null}
      <main>
        {isTech && tab === 'report' ? (
          <Suspense fallback={<div className="skeleton tall" aria-busy="true" aria-label="Loading the report" />}>
            <AdminView />
          </Suspense>
        ) : me.isError ? (
          <ErrorNote error={me.error} what="who you are" retry={() => void me.refetch()} />
        ) : deciding ? (
          <ul className="ticket-list" aria-busy="true" aria-label="Loading tickets">
            {Array.from({ length: 4 }, (_, i) => <li key={i} className="skeleton" />)}
          </ul>
        ) : ticketId !== null && me.data ? (
          <Suspense fallback={<div className="skeleton tall" aria-busy="true" aria-label="Loading ticket" />}>
            <TicketView ticketId={ticketId} user={me.data} onBack={() => setTicketId(null)} />
          </Suspense>
        ) : (
          <TicketList onOpen={(t) => setTicketId(t.id)} />
        )}
      </main>
    </div>
  );
}
