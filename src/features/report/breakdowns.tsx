import { useId } from 'react';
import { stateLabels } from '../../components/state-badge.tsx';
import { type Breakdown, formatDuration } from './report-stats.ts';
import { ScrollRegion } from './scroll-region.tsx';

/** One breakdown (by company, by technician): how many, how they ended, how fast they closed. */
export function BreakdownTable(props: { title: string; nameHeader: string; rows: Breakdown[]; empty: string }) {
  const headingId = useId();
  return (
    <section className="breakdown" aria-labelledby={headingId}>
      <h3 id={headingId}>{props.title}</h3>
      {props.rows.length === 0 ? (
        <p className="muted small">{props.empty}</p>
      ) : (
        <ScrollRegion label={props.title}>
          <table>
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.nameHeader}</th>
                <th scope="col">Escalations</th>
                <th scope="col">{stateLabels.closed.short}</th>
                <th scope="col">{stateLabels.failed.short}</th>
                <th scope="col">Median time to close</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.name}>
                  <th scope="row">{r.name}</th>
                  <td>{r.total}</td>
                  <td>{r.closed}</td>
                  <td>{r.failed}</td>
                  <td>{r.medianSecondsToClose === null ? '—' : formatDuration(r.medianSecondsToClose)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
