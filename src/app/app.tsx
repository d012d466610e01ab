import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useState } from 'react';
import { LaunchError } from '../features/launch/launch-error.tsx';
import { draftQueries, lastLocalDraftTicket } from '../features/escalation/drafts.ts';
import { ticketQueries } from '../features/tickets/api.ts';
import { TicketList } from '../features/tickets/ticket-list.tsx';
import type { PageConfig } from '../lib/app-config.ts';
import type { Launch, LaunchResult } from '../lib/launch.ts';
import type { FirstScreen } from '../../common/proxy-api.ts';
import { isSessionEnded, openSession, SessionProvider, useSession, type Session } from '../lib/session.tsx';

export interface Started {
  session: Session;
  client: QueryClient;
}

export function App(props: { launch: LaunchResult; config: PageConfig | null; firstScreen?: FirstScreen | null; started?: Started | null; fetch?: typeof fetch }) {
  if (!props.config) return <LaunchError problem="not-configured" />;
  if (!props.launch.ok) return <LaunchError problem={props.launch.problem} />;
  return <SignedIn launch={props.launch.launch} config={props.config} firstScreen={props.firstScreen ?? null} started={props.started ?? null} {...(props.fetch ? { fetch: props.fetch } : {})} />;
}

function SignedIn(props: { launch: Launch; config: PageConfig; firstScreen: FirstScreen | null; started: Started | null; fetch?: typeof fetch }) {
  const [started] = useState(() => props.started ?? startSession(props.launch, props.config, props.firstScreen, props.fetch));
  // main.tsx has usually sent these already; asking again joins those requests.
  useLayoutEffect(() => sendFirstReads(started), [started]);
  return (
    <SessionProvider session={started.session} ended={<LaunchError problem="expired" />}>
      <QueryClientProvider client={started.client}>
        <Home />
      </QueryClientProvider>
    </SessionProvider>
  );
}

/**
 * Only what a second try can fix: the proxy not reached at all. Never a refusal, and not
 * a 5xx either: the proxy has already retried its DeskDirector reads before answering one.
 */
function isWorthRetrying(error: unknown): boolean {
  if (isSessionEnded(error)) return false;
  return ((error as { status?: number }).status ?? 0) === 0;
}

/** The session and its query cache, built outside React so the first reads can leave before React renders. */
export function startSession(launch: Launch, config: PageConfig, firstScreen: FirstScreen | null, fetchImpl?: typeof fetch): Started {
  const session = openSession(launch, config, fetchImpl);
  const onError = (error: unknown) => {
    if (isSessionEnded(error)) session.end();
  };
  const client = new QueryClient({
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
  // Read by the proxy while it served the page: these need no request now.
  if (firstScreen) {
    client.setQueryData(ticketQueries.page(session, 0, '').queryKey, firstScreen.tickets);
    client.setQueryData(ticketQueries.me(session).queryKey, firstScreen.tickets.user);
    client.setQueryData(draftQueries.latest(session).queryKey, firstScreen.latestDraft);
  }
  return { session, client };
}

/** The first screen's reads, in parallel: the list (with who is asking and its escalations) and the unsent draft. */
export function sendFirstReads({ session, client }: Started): void {
  if (session.isEnded()) return;
  void client.prefetchQuery(ticketQueries.page(session, 0, ''));
  void client.prefetchQuery(draftQueries.latest(session));
}

// Only technicians use the report: Portal users never download it.
const AdminView = lazy(() => import('../features/admin/admin-view.tsx'));
// The ticket view (form, preview, history) is not needed to show the list: it loads in
// the background once the first screen is drawn, so opening a ticket does not wait for it.
// Once loaded it is rendered directly: a lazy component suspends for a moment even when
// its module is ready, and React then holds the fallback for up to 300 ms.
let loadedTicketView: typeof import('../features/tickets/ticket-view.tsx') | undefined;
const loadTicketView = () => import('../features/tickets/ticket-view.tsx').then((m) => (loadedTicketView = m));
const LazyTicketView = lazy(() => loadTicketView().then((m) => ({ default: m.TicketView })));

function Home() {
  const s = useSession();
  const me = useQuery(ticketQueries.me(s));
  // Reopened from the menu, the page returns to the ticket whose draft was left unsent.
  const latestDraft = useQuery(draftQueries.latest(s));
  const [chosen, setTicketId] = useState<number | null | undefined>(() => lastLocalDraftTicket(s.launch.host) ?? undefined);
  const ticketId = chosen === undefined ? (latestDraft.data?.draft?.ticketId ?? null) : chosen;
  const deciding = chosen === undefined && latestDraft.isPending;
  const [tab, setTab] = useState<'tickets' | 'report'>('tickets');
  const isTech = s.launch.app === 'tech';
  const firstScreenDrawn = me.isSuccess;
  useEffect(() => {
    if (firstScreenDrawn) void loadTicketView();
  }, [firstScreenDrawn]);
  const TicketView = loadedTicketView?.TicketView ?? LazyTicketView;

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
