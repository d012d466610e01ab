import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { DdTicket } from '../../../common/deskdirector.ts';
import { type Escalation, isActive, TICKET_PAGE_SIZE as PAGE_SIZE, ticketSearchMax } from '../../../common/contract.ts';
import { ErrorNote } from '../../components/error-note.tsx';
import { QuestionLink } from '../../components/question-link.tsx';
import { ListSkeleton } from '../../components/skeleton.tsx';
import { StateBadge } from '../../components/state-badge.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { useSession } from '../../lib/session.tsx';
import { ticketQueries } from './api.ts';
import { ticketAge } from './ticket-age.ts';

/** Typing pauses this long before the filter asks again: one request per pause, not per key. */
export const FILTER_DELAY_MS = 250;

export function TicketList(props: { onOpen: (ticket: DdTicket) => void }) {
  const s = useSession();
  const [page, setPage] = useState(0);
  const [search, setSearch] = useState('');
  const [withExperts, setWithExperts] = useState(false);
  const deferredSearch = useDebouncedValue(search.trim(), FILTER_DELAY_MS);
  const reply = useQuery(ticketQueries.page(s, page, deferredSearch));
  const escalations = useMemo(() => new Map(reply.data?.escalations.map((e) => [e.ticketId, e])), [reply.data]);
  const filterId = useId();
  const total = reply.data?.tickets.totalResults ?? 0;
  const first = total === 0 ? 0 : page * PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);
  const isTech = s.launch.app === 'tech';
  // The page's tickets whose latest question is still with the experts (or on its way).
  const shown = (reply.data?.tickets.results ?? []).filter((t) => !withExperts || isActive(escalations.get(t.id)?.state ?? 'closed'));

  return (
    <section aria-labelledby="tickets-heading">
      <div className="row between">
        <h2 id="tickets-heading">{isTech ? 'Open tickets' : 'Your open tickets'}</h2>
      </div>
      <label htmlFor={filterId} className="field-label">
        Filter tickets
      </label>
      <input
        id={filterId}
        type="search"
        value={search}
        maxLength={ticketSearchMax}
        placeholder="Number, words in the summary, contact or company"
        onChange={(e) => {
          setSearch(e.target.value);
          setPage(0);
        }}
      />
      {isTech ? (
        <div className="row">
          <button type="button" aria-pressed={withExperts} onClick={() => setWithExperts((w) => !w)}>
            With experts
          </button>
          {withExperts ? <span className="muted small">Showing this page’s tickets whose question is with Directly’s experts.</span> : null}
        </div>
      ) : null}
      {/* Said while typing pauses and while the filter's request runs; the region stays so it is announced. */}
      <p role="status" className="muted small searching">
        {search.trim() !== deferredSearch || (reply.isFetching && deferredSearch) ? 'Searching…' : ''}
      </p>
      {reply.isPending ? (
        <ListSkeleton label="Loading tickets" />
      ) : reply.isError ? (
        <ErrorNote error={reply.error} retry={() => void reply.refetch()} what="your tickets" />
      ) : reply.data.tickets.results.length === 0 ? (
        <p className="empty">
          {deferredSearch
            ? `No open tickets match “${deferredSearch}”.`
            : 'You have no open tickets. Raise one in DeskDirector first, then come back to ask an expert.'}
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">No ticket on this page is with experts.</p>
      ) : (
        <ul className="ticket-list" aria-label="Tickets" aria-busy={reply.isFetching}>
          {shown.map((t) => {
            const escalation = escalations.get(t.id);
            return (
              <li key={t.id} className="ticket-item">
                <TicketRow ticket={t} escalation={escalation} showContact={isTech} onOpen={() => props.onOpen(t)} />
                {escalation?.state === 'open' && escalation.questionUrl ? (
                  // A link cannot sit inside the row's button, so it stands beside it.
                  <QuestionLink url={escalation.questionUrl} about={`for ticket #${t.id}`} className="small" />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {total > PAGE_SIZE ? (
        <nav className="pager" aria-label="Ticket pages">
          <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
            Previous
          </button>
          <span aria-live="polite">
            {first}–{last} of {total}
          </span>
          <button type="button" onClick={() => setPage((p) => p + 1)} disabled={last >= total}>
            Next
          </button>
        </nav>
      ) : total > 0 ? (
        <p className="muted small">
          {total} {total === 1 ? 'ticket' : 'tickets'}
        </p>
      ) : null}
    </section>
  );
}

function TicketRow(props: { ticket: DdTicket; escalation: Escalation | undefined; showContact: boolean; onOpen: () => void }) {
  const { ticket: t } = props;
  return (
    <button type="button" className="ticket-row" onClick={props.onOpen}>
      <span className="ticket-title">
        <span className="muted">#{t.id}</span> {t.summary}
      </span>
      <span className="ticket-meta">
        <span>{t.status.name}</span>
        {t.priority ? <span>Priority {t.priority.name}</span> : null}
        <span>
          <time dateTime={t.createdOn}>{ticketAge(t.createdOn)}</time>
        </span>
        {props.showContact ? (
          <span>
            {t.contact.name}
            {t.company ? ` · ${t.company.name}` : ''}
          </span>
        ) : null}
        {props.escalation ? <StateBadge escalation={props.escalation} /> : null}
      </span>
    </button>
  );
}
