import { lazy, Suspense, type ReactNode } from 'react';
import type { Tab } from './use-screen-history.ts';

// Only technicians use the report and the setup check: Portal users never download them.
const ReportView = lazy(() => import('../features/report/report-view.tsx'));
const SetupCheckView = lazy(() => import('../features/setup-check/setup-check-view.tsx'));
// Past questions are for Portal users, and only when they ask for them.
const PastQuestionsView = lazy(() => import('../features/past-questions/past-view.tsx'));

/**
 * The tabs beside Tickets, each a chunk of its own. Imported from here, in the chunk the
 * first screen goes without, so the first screen does not carry their imports either.
 */
export function TabView(props: { tab: Exclude<Tab, 'tickets'>; loading: ReactNode; onOpenTicket: (id: number) => void }) {
  const { tab } = props;
  return (
    <Suspense fallback={props.loading}>
      {tab === 'report' ? (
        // One history entry: the ticket, on the Tickets tab.
        <ReportView onOpenTicket={props.onOpenTicket} />
      ) : tab === 'setup' ? (
        <SetupCheckView />
      ) : (
        <PastQuestionsView onOpenTicket={props.onOpenTicket} />
      )}
    </Suspense>
  );
}
