import type { Escalation } from '../../../common/contract.ts';
import { QuestionLink } from '../../components/question-link.tsx';
import { useSession } from '../../lib/session.tsx';

export function SentConfirmation(props: { escalation: Escalation; onBack: () => void }) {
  const e = props.escalation;
  const { expertNetworkName } = useSession().config.branding;
  return (
    <div className="note note-ok" role="status">
      <p>
        <strong>Sent to {expertNetworkName}.</strong>
      </p>
      {e.questionUrl ? (
        <p>
          <QuestionLink url={e.questionUrl} />
        </p>
      ) : null}
      <h3>What happens next</h3>
      <ul>
        <li>Experts usually answer within minutes. Answers are emailed to {e.askedFor.email}.</li>
        <li>If no expert can solve it in time, it comes back to your IT team on this ticket.</li>
        <li>Your ticket stays open in DeskDirector until it is resolved.</li>
      </ul>
      <button type="button" onClick={props.onBack}>
        Back to tickets
      </button>
    </div>
  );
}
