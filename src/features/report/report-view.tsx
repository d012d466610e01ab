// The technicians' escalation report. Loaded only when a TECH user opens it, so Portal
// users never download it.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { escalationStates } from '../../../common/contract.ts';
import type { ReportFilter } from '../../../common/report-filter.ts';
import { ErrorNote } from '../../components/error-note.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { stateLabels } from '../../components/state-badge.tsx';
import { ProxyError } from '../../lib/proxy-client.ts';
import { useSession } from '../../lib/session.tsx';
import { downloadReportCsv, useReport } from './api.ts';
import { BreakdownTable } from './breakdowns.tsx';
import { EscalationTable } from './escalation-table.tsx';
import { byCompany, byTechnician, formatDuration, perWeek } from './report-stats.ts';
import { WeeklyChart } from './weekly-chart.tsx';
import '../../styles/later.css';
import './report.css';

const RANGE_MESSAGE = 'To must be on or after From.';

export default function ReportView(props: { onOpenTicket: (ticketId: number) => void }) {
  const s = useSession();
  const [draft, setDraft] = useState<ReportFilter>({});
  const [filter, setFilter] = useState<ReportFilter>({});
  const [rangeError, setRangeError] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const ids = { state: useId(), from: useId(), to: useId(), toError: useId(), company: useId() };
  const toRef = useRef<HTMLInputElement>(null);
  const report = useReport(filter);
  const rows = report.data?.escalations;
  const figures = useMemo(() => rows && { weeks: perWeek(rows), companies: byCompany(rows), technicians: byTechnician(rows) }, [rows]);

  function apply(e: FormEvent) {
    e.preventDefault();
    // An inverted range would match nothing; say so instead of asking.
    if (draft.from && draft.to && draft.from > draft.to) {
      setRangeError(true);
      toRef.current?.focus();
      return;
    }
    setRangeError(false);
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
  const toError = rangeError ? RANGE_MESSAGE : fieldError('to') && `To ${fieldError('to')}.`;

  return (
    <section aria-labelledby="admin-heading" className="report">
      <h2 id="admin-heading" tabIndex={-1}>
        Escalations
      </h2>
      <form className="filters" onSubmit={apply} aria-label="Filter escalations" noValidate>
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
            ref={toRef}
            type="date"
            value={draft.to ?? ''}
            aria-invalid={Boolean(toError)}
            aria-describedby={toError ? ids.toError : undefined}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value || undefined }))}
          />
          {toError ? (
            <p id={ids.toError} className="hint field-error" role="alert">
              {toError}
            </p>
          ) : null}
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
            {(['queued', 'open', 'closed', 'unknown', 'failed'] as const).map((st) => (
              <div key={st}>
                <dt>{stateLabels[st].short}</dt>
                <dd>{report.data.counts[st]}</dd>
              </div>
            ))}
            <div>
              <dt>Median time to close</dt>
              <dd>{report.data.medianSecondsToClose === null ? '—' : formatDuration(report.data.medianSecondsToClose)}</dd>
            </div>
          </dl>
          {report.data.escalations.length === 0 ? (
            <p className="empty">No escalations match these filters.</p>
          ) : (
            <>
              {report.data.truncated ? (
                <p className="muted small">
                  The chart, breakdowns and list cover the newest {report.data.escalations.length} of {report.data.counts.total}; the CSV has them all.
                </p>
              ) : null}
              <WeeklyChart weeks={figures!.weeks} />
              <div className="breakdowns">
                <BreakdownTable title="By company" nameHeader="Company" rows={figures!.companies} empty="No companies." />
                <BreakdownTable
                  title="By technician"
                  nameHeader="Technician"
                  rows={figures!.technicians}
                  empty="Every escalation here was sent by a Portal user for themselves."
                />
              </div>
              <h3>Escalation list</h3>
              <EscalationTable escalations={report.data.escalations} onOpenTicket={props.onOpenTicket} />
            </>
          )}
        </>
      )}
    </section>
  );
}
