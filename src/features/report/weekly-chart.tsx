import { useId } from 'react';
import { escalationStates } from '../../../common/contract.ts';
import { stateLabels } from '../../components/state-badge.tsx';
import type { WeekCounts } from './report-stats.ts';
import { ScrollRegion } from './scroll-region.tsx';

const BAR = 24;
const GAP = 10;
const HEIGHT = 120;
const weekLabel = (week: string) => new Date(`${week}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Escalations per week, stacked by outcome: an SVG for the eye, a sentence and a table for everyone. */
export function WeeklyChart(props: { weeks: WeekCounts[] }) {
  const headingId = useId();
  const summaryId = useId();
  const { weeks } = props;
  if (weeks.length === 0) return null;
  const max = Math.max(...weeks.map((w) => w.total), 1);
  const busiest = weeks.reduce((a, b) => (b.total > a.total ? b : a));
  const total = weeks.reduce((n, w) => n + w.total, 0);
  const width = weeks.length * (BAR + GAP) + GAP;

  return (
    <section className="weekly-chart" aria-labelledby={headingId}>
      <h3 id={headingId}>Escalations per week</h3>
      <p id={summaryId} className="small">
        {total} {total === 1 ? 'escalation' : 'escalations'} over {weeks.length} {weeks.length === 1 ? 'week' : 'weeks'}; the busiest was the week of{' '}
        {weekLabel(busiest.week)} with {busiest.total}.
      </p>
      <svg
        className="chart"
        style={{ maxWidth: `${weeks.length * 3}rem` }}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${headingId} ${summaryId}`}
        preserveAspectRatio="none"
      >
        {weeks.map((w, i) => {
          let y = HEIGHT;
          return (
            <g key={w.week}>
              {escalationStates.map((state) => {
                const h = (w.counts[state] / max) * (HEIGHT - 4);
                if (h === 0) return null;
                y -= h;
                return <rect key={state} className={`bar-${state}`} x={GAP + i * (BAR + GAP)} y={y} width={BAR} height={h} />;
              })}
            </g>
          );
        })}
      </svg>
      <div className="chart-axis muted small" style={{ maxWidth: `${weeks.length * 3}rem` }} aria-hidden="true">
        <span>{weekLabel(weeks[0]!.week)}</span>
        {weeks.length > 1 ? <span>{weekLabel(weeks.at(-1)!.week)}</span> : null}
      </div>
      <ul className="legend small" aria-label="Outcomes">
        {escalationStates.map((state) => (
          <li key={state}>
            <span className={`swatch bar-${state}`} aria-hidden="true" /> {stateLabels[state].short}
          </li>
        ))}
      </ul>
      <details>
        <summary>The weeks as a table</summary>
        <ScrollRegion label="Escalations per week, table">
          <table>
            <caption className="visually-hidden">Escalations per week by outcome</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                {escalationStates.map((state) => (
                  <th key={state} scope="col">
                    {stateLabels[state].short}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week}>
                  <th scope="row">{weekLabel(w.week)}</th>
                  {escalationStates.map((state) => (
                    <td key={state}>{w.counts[state]}</td>
                  ))}
                  <td>{w.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </section>
  );
}
