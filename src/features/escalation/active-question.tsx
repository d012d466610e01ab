import { type Escalation } from '../../../common/contract.ts';
import { QuestionLink } from '../../components/question-link.tsx';
import { useSession } from '../../lib/session.tsx';
import { CloseQuestion } from './close-question.tsx';
import { ReleaseQuestion } from './release-question.tsx';
import { WithdrawQuestion } from './withdraw-question.tsx';

/** A ticket the proxy holds: its question is with the experts, or Directly never confirmed it. */
export function ActiveQuestion(props: { escalation: Escalation }) {
  const s = useSession();
  const e = props.escalation;
  if (e.state === 'unknown') {
    return (
      <div className="note note-error">
        <p>
          <strong>Directly did not confirm this question.</strong> It may or may not exist, so it is not sent again automatically.
        </p>
        {s.launch.app === 'tech' ? (
          <>
            <p>Closing it asks Directly to close the question. If Directly does not confirm, the ticket stays held; you can then release it.</p>
            <CloseQuestion escalation={e} />
            <ReleaseQuestion escalation={e} />
          </>
        ) : (
          <p>Your IT team can check it from this ticket. Your text is kept.</p>
        )}
      </div>
    );
  }
  return (
    <div className="note note-ok">
      <p>
        <strong>This ticket is with {s.config.branding.expertNetworkName}.</strong>
      </p>
      {e.questionUrl ? (
        <p>
          <QuestionLink url={e.questionUrl} />
        </p>
      ) : (
        <p>The question is still being created.</p>
      )}
      {e.state === 'open' ? s.launch.app === 'tech' ? <CloseQuestion escalation={e} /> : <WithdrawQuestion escalation={e} /> : null}
    </div>
  );
}
