import { type Attempt, type Escalation, isActive } from '../../../common/contract.ts';
import { closedByWords } from '../../components/closed-by.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QuestionLink } from '../../components/question-link.tsx';
import { StateBadge } from '../../components/state-badge.tsx';
import { useSession } from '../../lib/session.tsx';

const attemptWords: Record<Attempt['outcome'], string> = {
  sent: 'sent to Directly',
  refused: 'not accepted by Directly',
  held: 'not sent: Directly was failing',
  unknown: 'no answer from Directly',
};

// A plain list: newest first, and the order carries no number worth reading out. A
// question's tries are nested under it: one escalation per intent, however many clicks.
export function EscalationHistory(props: { escalations: Escalation[] }) {
  const { launch } = useSession();
  return (
    <section aria-labelledby="history-heading" className="history">
      <h3 id="history-heading">Expert history</h3>
      <ul>
        {props.escalations.map((e) => (
          <li key={e.id}>
            <StateBadge escalation={e} /> <DateTime iso={e.createdAt} /> by {e.escalatedBy.name}
            {e.escalatedBy.app === 'tech' ? ` for ${e.askedFor.name}` : ''}
            {/* An active question's link is in its panel above; one link per question on the screen. */}
            {e.questionUrl && !isActive(e.state) ? (
              <>
                {' '}
                · <QuestionLink url={e.questionUrl} />
              </>
            ) : null}
            {e.closedAt ? (
              <>
                {' '}
                · closed <DateTime iso={e.closedAt} />
                {closedByWords(e.closedBy, launch.app)}
              </>
            ) : null}
            {e.attempts.length > 1 ? (
              <ul className="attempts" aria-label={`${e.attempts.length} tries`}>
                {e.attempts.map((a) => (
                  <li key={a.at}>
                    <DateTime iso={a.at} /> {attemptWords[a.outcome]}
                    {a.error && launch.app === 'tech' ? ` (${a.error})` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
            {e.lastError && launch.app === 'tech' ? <p className="small muted">Last problem: {e.lastError}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
