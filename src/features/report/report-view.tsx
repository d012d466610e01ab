// The technicians' escalation report. Loaded only when a TECH user opens it, so Portal
// users never download it.
import { useId, useState, type FormEvent } from 'react';
import { escalationStates } from '../../../common/contract.ts';
import { type ReportFilter } from '../../../common/report.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ErrorNote } from '../../components/error-note.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { StateBadge, stateLabels } from '../../components/state-badge.tsx';
import { ProxyError } from '../../lib/proxy-client.ts';
import { useSession } from '../../lib/session.tsx';
import { downloadReportCsv, useReport } from './api.ts';

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

export default function ReportView() {
  const s = useSession();
  const [draft, setDraft] = useState<ReportFilter>({});
  const [filter, setFilter] = useState<ReportFilter>({});
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const ids = { state: useId(), from: useId(), to: useId(), company: useId() };
  const report = useReport(filter);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilter(draft);
  }

  async function downloadCsv() {
    setDownloadError(null);
    try {
      await downloadReportCsv(s, filter);
    } catch (e) {
      setDownloadError((e as Error).message);
    }
  }

  const fieldError = (name: string) => (report.error instanceof ProxyError ? report.error.fields[name] : undefined);

  return (
    <section aria-labelledby="admin-heading">
      <h2 id="admin-heading" tabIndex={-1}>
        Escalations
      </h2>
      <form className="filters" onSubmit={apply} aria-label="Filter escalations">
        <div className="field">
          <label htmlFor={ids.state}>State</label>
          <select
            id={ids.state}
            value={draft.state ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, state: (e.target.value || undefined) as ReportFilter['state'] }))}
          >
            <option value="">Any</option>
            {escalationStates.map((st) => (
              <option key={st} value={st}>
                {stateLabels[st].short}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="date"
            value={draft.from ?? ''}
            aria-invalid={Boolean(fieldError('from'))}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value || undefined }))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="date"
            value={draft.to ?? ''}
            aria-invalid={Boolean(fieldError('to'))}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value || undefined }))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.company}>Company</label>
          <input id={ids.company} value={draft.company ?? ''} onChange={(e) => setDraft((d) => ({ ...d, company: e.target.value || undefined }))} />
        </div>
        <div className="row">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => void downloadCsv()}>
            Download CSV
          </button>
        </div>
      </form>
      {downloadError ? (
        <p role="alert" className="field-error">
          {downloadError}
        </p>
      ) : null}
      {report.isPending ? (
        <Skeleton tall label="Loading escalations" />
      ) : report.isError ? (
        <ErrorNote error={report.error} what="the escalation report" retry={() => void report.refetch()} />
      ) : (
        <>
          <dl className="stats" aria-label="Summary">
            <div>
              <dt>Total</dt>
              <dd>{report.data.counts.total}</dd>
            </div>
            <div>
              <dt>{stateLabels.open.short}</dt>
              <dd>{report.data.counts.open}</dd>
            </div>
            <div>
              <dt>{stateLabels.closed.short}</dt>
              <dd>{report.data.counts.closed}</dd>
            </div>
            <div>
              <dt>{stateLabels.unknown.short}</dt>
              <dd>{report.data.counts.unknown}</dd>
            </div>
            <div>
              <dt>{stateLabels.failed.short}</dt>
              <dd>{report.data.counts.failed}</dd>
            </div>
            <div>
              <dt>Median time to close</dt>
              <dd>{report.data.medianSecondsToClose === null ? '—' : formatDuration(report.data.medianSecondsToClose)}</dd>
            </div>
          </dl>
          {report.data.escalations.length === 0 ? (
            <p className="empty">No escalations match these filters.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Escalations, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Company</th>
                    <th scope="col">State</th>
                    <th scope="col">Created</th>
                    <th scope="col">By</th>
                    <th scope="col">Question</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.escalations.map((e) => (
                    <tr key={e.id}>
                      <td>
                        #{e.ticketId} {e.subject}
                      </td>
                      <td>{e.companyName ?? '—'}</td>
                      <td>
                        <StateBadge escalation={e} />
                      </td>
                      <td>
                        <DateTime iso={e.createdAt} />
                      </td>
                      <td>{e.escalatedBy.name}</td>
                      <td>
                        {e.questionUrl ? (
                          <a href={e.questionUrl} target="_blank" rel="noopener noreferrer">
                            Open
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.data.truncated ? (
            <p className="muted small">
              Showing the newest {report.data.escalations.length}; the CSV has all {report.data.counts.total}.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
