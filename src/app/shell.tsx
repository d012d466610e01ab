import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ListSkeleton, Skeleton } from '../components/skeleton.tsx';
import { PartNotLoaded } from '../components/error-note.tsx';
import { draftQueries } from '../features/escalation/drafts-api.ts';
import { lastLocalDraftTicket } from '../features/escalation/last-draft-ticket.ts';
import { ticketQueries } from '../features/tickets/api.ts';
import { TicketList } from '../features/tickets/ticket-list.tsx';
import { displayName } from '../../common/deskdirector.ts';
import { useSession, useSessionEnded } from '../lib/session.tsx';
import { useChunk } from './chunk.ts';
import { deferredScreens } from './deferred.tsx';
import { useScreenHistory, type Screen, type Tab } from './use-screen-history.ts';

const tabNames: Record<Exclude<Tab, 'tickets'>, string> = { report: 'the report', setup: 'the setup check', past: 'past questions' };
const techTabs: [Tab, string][] = [
  ['tickets', 'Tickets'],
  ['report', 'Escalations'],
  ['setup', 'Setup check'],
];
const portalTabs: [Tab, string][] = [
  ['tickets', 'Tickets'],
  ['past', 'Past questions'],
];
export function Shell() {
  const s = useSession();
  const me = useQuery(ticketQueries.me(s));
  // Opened for one ticket (ticket= on the link) it shows that one; reopened from the menu,
  // it returns to the ticket whose draft was left unsent.
  const latestDraft = useQuery(draftQueries.latest(s));
  const { screen, go, popped } = useScreenHistory(() => ({ tab: 'tickets', ticketId: s.launch.ticketId ?? lastLocalDraftTicket(s.launch.host) ?? undefined }));
  const chosen = screen.ticketId;
  const ticketId = chosen === undefined ? (latestDraft.data?.draft?.ticketId ?? null) : chosen;
  const deciding = chosen === undefined && latestDraft.isPending;
  const tab = screen.tab;
  const drawn: Screen = { tab, ticketId };
  const setTicketId = (id: number | null) => go({ tab: 'tickets', ticketId: id }, drawn);
  const setTab = (next: Tab) => next !== tab && go({ tab: next, ticketId }, drawn);
  const ended = useSessionEnded();
  const mainRef = useRef<HTMLElement>(null);
  // After Back, Forward or "All tickets", focus goes to the heading of the screen shown
  // (a ticket screen focuses its own); a tab keeps focus on itself.
  const [moves, setMoves] = useState(0);
  const toList = () => {
    setTicketId(null);
    setMoves((n) => n + 1);
  };
  useEffect(() => {
    if (popped + moves === 0) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [popped, moves]);
  const isTech = s.launch.app === 'tech';
  // Technicians have the report and the setup check; anyone may be shown past questions.
  const otherTab = tab === 'past' || (isTech && tab !== 'tickets') ? tab : null;
  // The ticket screen, the other tabs and the session warning: loaded once the first screen
  // is drawn, so opening a ticket does not wait for them, and drawn directly once in (a lazy
  // component suspends a moment even then). Wanted at once when the first screen is another
  // tab (Back or a reload brought it).
  const [deferred, chunkFailed] = useChunk(deferredScreens, !me.isPending || otherTab !== null);
  const tabLoading = otherTab && <Skeleton tall label={`Loading ${tabNames[otherTab]}`} />;
  return (
    <div className="shell">
      {/* Once the session has ended only an open ticket stays, its form read-only, so the
          text stays in sight under the ended notice (in the same place: nothing remounts). */}
      {ended ? null : (
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
          <Branding />
        </header>
      )}
      {ended || !deferred ? null : <deferred.SessionWarning />}
      {/* A Portal user's ticket screen has its own way back, and its form needs the height at 320 px. */}
      {ended || (!isTech && tab === 'tickets' && ticketId !== null) ? null : (
        <nav className="tabs" aria-label="Views">
          {(isTech ? techTabs : portalTabs).map(([id, label]) => (
            <button key={id} type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </nav>
      )}
      <main ref={mainRef}>
        {ended && (tab !== 'tickets' || ticketId === null || !me.data) ? null : otherTab ? (
          deferred ? (
            <deferred.TabView tab={otherTab} loading={tabLoading} onOpenTicket={(id) => setTicketId(id)} />
          ) : chunkFailed ? (
            <PartNotLoaded />
          ) : (
            tabLoading
          )
        ) : deciding ? (
          <ListSkeleton label="Loading tickets" />
        ) : ticketId !== null && me.data ? (
          deferred ? (
            <deferred.TicketScreen ticketId={ticketId} user={me.data} onBack={toList} />
          ) : chunkFailed ? (
            <PartNotLoaded />
          ) : (
            <Skeleton tall label="Loading ticket" />
          )
        ) : (
          <TicketList onOpen={(t) => setTicketId(t.id)} />
        )}
      </main>
    </div>
  );
}

/** The admin's intro line and help link (APP_INTRO, APP_HELP_URL: http(s) only, checked at start), when set. */
function Branding() {
  const { intro, helpUrl } = useSession().config.branding;
  return (
    <>
      {helpUrl ? (
        <a className="help-link small" href={helpUrl} target="_blank" rel="noopener noreferrer">
          Help <span className="visually-hidden">(opens in a new tab)</span>
        </a>
      ) : null}
      {intro ? (
        <div className="app-intro">
          <p>{intro}</p>
        </div>
      ) : null}
    </>
  );
}
