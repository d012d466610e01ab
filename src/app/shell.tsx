import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { ListSkeleton, Skeleton } from '../components/skeleton.tsx';
import { draftQueries } from '../features/escalation/drafts-api.ts';
import { lastLocalDraftTicket } from '../features/escalation/local-drafts.ts';
import { ticketQueries } from '../features/tickets/api.ts';
import { TicketList } from '../features/tickets/ticket-list.tsx';
import { displayName } from '../../common/deskdirector.ts';
import { useSession } from '../lib/session.tsx';

// Only technicians use the report and the setup check: Portal users never download them.
const ReportView = lazy(() => import('../features/report/report-view.tsx'));
const SetupCheckView = lazy(() => import('../features/setup-check/setup-check-view.tsx'));
// The ticket screen (form, preview, history) is not needed to show the list: it loads in
// the background once the first screen is drawn, so opening a ticket does not wait for it.
// Once loaded it is rendered directly: a lazy component suspends for a moment even when
// its module is ready, and React then holds the fallback for up to 300 ms.
let loadedTicketScreen: typeof import('./ticket-screen.tsx') | undefined;
const loadTicketScreen = () => import('./ticket-screen.tsx').then((m) => (loadedTicketScreen = m));
const LazyTicketScreen = lazy(() => loadTicketScreen().then((m) => ({ default: m.TicketScreen })));

export function Shell() {
  const s = useSession();
  const me = useQuery(ticketQueries.me(s));
  // Opened for one ticket (ticket= on the link) it shows that one; reopened from the menu,
  // it returns to the ticket whose draft was left unsent.
  const latestDraft = useQuery(draftQueries.latest(s));
  const [chosen, setTicketId] = useState<number | null | undefined>(() => s.launch.ticketId ?? lastLocalDraftTicket(s.launch.host) ?? undefined);
  const ticketId = chosen === undefined ? (latestDraft.data?.draft?.ticketId ?? null) : chosen;
  const deciding = chosen === undefined && latestDraft.isPending;
  const [tab, setTab] = useState<'tickets' | 'report' | 'setup'>('tickets');
  const isTech = s.launch.app === 'tech';
  const firstScreenDrawn = me.isSuccess;
  useEffect(() => {
    if (firstScreenDrawn) void loadTicketScreen();
  }, [firstScreenDrawn]);
  const TicketScreen = loadedTicketScreen?.TicketScreen ?? LazyTicketScreen;

  return (
    <div className="shell">
      <header className="top">
        <h1>Ask an expert</h1>
        <p className="muted small" aria-live="polite">
          {me.data ? (
            <>
              Signed in as <strong>{displayName(me.data)}</strong> · {isTech ? 'Technician' : 'Portal'}
            </>
          ) : me.isPending ? (
            'Checking who you are…'
          ) : null}
        </p>
      </header>
      {isTech ? (
        <nav className="tabs" aria-label="Views">
          <button type="button" aria-current={tab === 'tickets' ? 'page' : undefined} onClick={() => setTab('tickets')}>
            Tickets
          </button>
          <button type="button" aria-current={tab === 'report' ? 'page' : undefined} onClick={() => setTab('report')}>
            Escalations
          </button>
          <button type="button" aria-current={tab === 'setup' ? 'page' : undefined} onClick={() => setTab('setup')}>
            Setup check
          </button>
        </nav>
      ) : null}
      <main>
        {isTech && tab === 'report' ? (
          <Suspense fallback={<Skeleton tall label="Loading the report" />}>
            <ReportView
              onOpenTicket={(id) => {
                setTicketId(id);
                setTab('tickets');
              }}
            />
          </Suspense>
        ) : isTech && tab === 'setup' ? (
          <Suspense fallback={<Skeleton tall label="Loading the setup check" />}>
            <SetupCheckView />
          </Suspense>
        ) : deciding ? (
          <ListSkeleton label="Loading tickets" />
        ) : ticketId !== null && me.data ? (
          <Suspense fallback={<Skeleton tall label="Loading ticket" />}>
            <TicketScreen ticketId={ticketId} user={me.data} onBack={() => setTicketId(null)} />
          </Suspense>
        ) : (
          <TicketList onOpen={(t) => setTicketId(t.id)} />
        )}
      </main>
    </div>
  );
}
