import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import type { DdTicket } from '../../../common/deskdirector-api.ts';
import type { Escalation } from '../../../common/proxy-api.ts';
import { useSession } from '../../lib/session.tsx';
import { escalationQueries } from '../escalation/api.ts';
import { StateBadge } from '../escalation/state-badge.tsx';
import { ErrorNote } from '../../app/error-note.tsx';
import { ddQueries, PAGE_SIZE } from './api.ts';

export function TicketList(props: { onOpen: (ticket: DdTicket) => void }) {
  const s = useSession();
  const [page, setPage] = useState(0);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const tickets = useQuery(ddQueries.ticketPage(s, page, deferredSearch));
  const ids = tickets.data?.results.map((t) => t.id) ?? [];
  const escalations = useQuery(escalationQueries.forTickets(s, ids));
  const filterId = useId();
  const total = tickets.data?.totalResults ?? 0;
  const first = total === 0 ? 0 : page * PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);
  const isTech = s.launch.app === 'tech';

  return (
    <section aria-labelledby="tickets-heading">
      <div className="row between">
        <h2 id="tickets-heading">{isTech ? 'Open tickets' : 'Your open tickets'}</h2>
      </div>
      <label htmlFor={filterId} className="field-label">Filter tickets</label>
      <input
        id={filterId}
        type="search"
        value={search}
        placeholder="Number, words in the summary, contact or company"
        onChange={(e) => {
          setSearch(e.target.value);
          setPage(0);
        }}
      />
      {tickets.isPending ? (
        <ul className="ticket-list" aria-busy="true" aria-label="Loading tickets">
          {Array.from({ length: 4 }, (_, i) => <li key={i} className="skeleton" />)}
        </ul>
      ) : tickets.isError ? (
        <ErrorNote error={tickets.error} retry={() => void tickets.refetch()} what="your tickets" />
      ) : tickets.data.results.length === 0 ? (
        <p className="empty">{deferredSearch ? `No open tickets match “${deferredSearch}”.` : 'You have no open tickets. Raise one in DeskDirector first, then come back to ask an expert.'}</p>
      ) : (
        <ul className="ticket-list" aria-label="Tickets" aria-busy={tickets.isFetching}>
          {tickets.data.results.map((t) => {
            const escalation = escalations.data?.get(t.id);
            return (
              <li key={t.id} className="ticket-item">
                <TicketRow ticket={t} escalation={escalation} showContact={isTech} onOpen={() => props.onOpen(t)} />
                {escalation?.state === 'open' && escalation.questionUrl ? (
                  // A link cannot sit inside the row's button, so it stands beside it.
                  <a className="question-link small" href={escalation.questionUrl} target="_blank" rel="noopener noreferrer">
                    Directly question for #{t.id}
                  </a>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {escalations.isError ? <p className="muted small">Expert status could not be loaded right now.</p> : null}
      {total > PAGE_SIZE ? (
        <nav className="pager" aria-label="Ticket pages">
          <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>Previous</button>
          <span aria-live="polite">{first}–{last} of {total}</span>
          <button type="button" onClick={() => setPage((p) => p + 1)} disabled={last >= total}>Next</button>
        </nav>
      ) : total > 0 ? (
        <p className="muted small">{total} {total === 1 ? 'ticket' : 'tickets'}</p>
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
        {props.showContact ? <span>{t.contact.name}{t.company ? ` · ${t.company.name}` : ''}</span> : null}
        {props.escalation ? <StateBadge escalation={props.escalation} /> : null}
      </span>
    </button>
  );
}
