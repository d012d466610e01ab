import { type Escalation } from '../../../common/contract.ts';
import { DateTime } from '../../components/date-time.tsx';
import { StateBadge } from '../../components/state-badge.tsx';

export function EscalationHistory(props: { escalations: Escalation[] }) {
  return (
    <section aria-labelledby="history-heading" className="history">
      <h3 id="history-heading">Expert history</h3>
      <ol>
        {props.escalations.map((e) => (
          <li key={e.id}>
            <StateBadge escalation={e} /> <DateTime iso={e.createdAt} /> by {e.escalatedBy.name}
            {e.escalatedBy.app === 'tech' ? ` for ${e.askedFor.name}` : ''}
            {e.questionUrl ? (
              <>
                {' '}
                ·{' '}
                <a href={e.questionUrl} target="_blank" rel="noopener noreferrer">
                  question
                </a>
              </>
            ) : null}
            {e.closedAt ? (
              <>
                {' '}
                · closed <DateTime iso={e.closedAt} />
                {e.closedBy ? ` by ${e.closedBy.name}` : ''}
              </>
            ) : null}
            {e.lastError ? <p className="small muted">Last problem: {e.lastError}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
