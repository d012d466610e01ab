import type { Escalation } from '../../../common/proxy-api.ts';
import { StateBadge } from './state-badge.tsx';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function EscalationHistory(props: { escalations: Escalation[] }) {
  return (
    <section aria-labelledby="history-heading" className="history">
      <h3 id="history-heading">Expert history</h3>
      <ol>
        {props.escalations.map((e) => (
          <li key={e.id}>
            <StateBadge escalation={e} /> <time dateTime={e.createdAt}>{when(e.createdAt)}</time> by {e.escalatedBy.name}
            {e.escalatedBy.app === 'tech' ? ` for ${e.askedFor.name}` : ''}
            {e.questionUrl ? <> · <a href={e.questionUrl} target="_blank" rel="noopener noreferrer">question</a></> : null}
            {e.closedAt ? <> · closed <time dateTime={e.closedAt}>{when(e.closedAt)}</time>{e.closedBy ? ` by ${e.closedBy.name}` : ''}</> : null}
            {e.lastError ? <p className="small muted">Last problem: {e.lastError}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
