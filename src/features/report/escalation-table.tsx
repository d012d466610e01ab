import { useId, useMemo, useState } from 'react';
import type { Escalation } from '../../../common/contract.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QUESTION_LINK_NAME } from '../../components/question-link.tsx';
import { StateBadge, stateLabels } from '../../components/state-badge.tsx';
import { formatDuration, secondsToClose } from './report-stats.ts';
import { ScrollRegion } from './scroll-region.tsx';

type SortKey = 'ticket' | 'company' | 'state' | 'created' | 'by' | 'toClose';
interface Sort {
  key: SortKey;
  descending: boolean;
}

const sortValue: Record<SortKey, (e: Escalation) => string | number> = {
  ticket: (e) => e.ticketId,
  company: (e) => e.companyName ?? '',
  state: (e) => stateLabels[e.state].badge,
  created: (e) => e.createdAt,
  by: (e) => e.escalatedBy.name,
  // Still open sorts after every closed one, whichever the direction.
  toClose: (e) => secondsToClose(e) ?? Number.MAX_SAFE_INTEGER,
};

const columns: Array<{ key: SortKey; label: string }> = [
  { key: 'ticket', label: 'Ticket' },
  { key: 'company', label: 'Company' },
  { key: 'state', label: 'State' },
  { key: 'created', label: 'Created' },
  { key: 'by', label: 'By' },
  { key: 'toClose', label: 'Time to close' },
];

const matches = (e: Escalation, words: string[]) => {
  const text = [`#${e.ticketId}`, e.subject, e.companyName, e.escalatedBy.name, e.askedFor.name, stateLabels[e.state].badge].join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
};

/** The escalations shown: searchable, sortable by any column; a row's ticket opens it. */
export function EscalationTable(props: { escalations: Escalation[]; onOpenTicket: (ticketId: number) => void }) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'created', descending: true });
  const searchId = useId();
  const rows = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    const get = sortValue[sort.key];
    const sign = sort.descending ? -1 : 1;
    return props.escalations
      .filter((e) => matches(e, words))
      .sort((a, b) => {
        const [x, y] = [get(a), get(b)];
        return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
  }, [props.escalations, search, sort]);
  const sortedBy = columns.find((c) => c.key === sort.key)!.label;

  return (
    <div>
      <label htmlFor={searchId} className="field-label">
        Search escalations
      </label>
      <input id={searchId} type="search" value={search} placeholder="Ticket number, subject, company or person" onChange={(e) => setSearch(e.target.value)} />
      <p className="muted small" aria-live="polite">
        {rows.length === props.escalations.length ? `${rows.length} shown` : `${rows.length} of ${props.escalations.length} match`}, sorted by{' '}
        {sortedBy.toLowerCase()}, {sort.descending ? 'descending' : 'ascending'}.
      </p>
      {rows.length === 0 ? (
        <p className="empty">No escalations match “{search.trim()}”.</p>
      ) : (
        <ScrollRegion label="Escalations table">
          <table className="escalations">
            <caption className="visually-hidden">
              {sort.key === 'created' && sort.descending ? 'Escalations, newest first' : `Escalations, sorted by ${sortedBy.toLowerCase()}`}
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    <button
                      type="button"
                      className="sort"
                      onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.key === 'created' }))}
                    >
                      {c.label}
                      <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                ))}
                <th scope="col">Question</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => {
                const toClose = secondsToClose(e);
                return (
                  <tr key={e.id}>
                    <td>
                      <button type="button" className="link" onClick={() => props.onOpenTicket(e.ticketId)}>
                        #{e.ticketId} {e.subject}
                      </button>
                    </td>
                    <td>{e.companyName ?? '—'}</td>
                    <td>
                      <StateBadge escalation={e} />
                      {/* Retries are one escalation: their count, not more rows. */}
                      {e.attempts.length > 1 ? <span className="small muted"> {e.attempts.length} tries</span> : null}
                    </td>
                    <td>
                      <DateTime iso={e.createdAt} />
                    </td>
                    <td>{e.escalatedBy.name}</td>
                    <td>{toClose === null ? '—' : formatDuration(toClose)}</td>
                    <td>
                      {e.questionUrl ? (
                        <a href={e.questionUrl} target="_blank" rel="noopener noreferrer">
                          {QUESTION_LINK_NAME}
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
