import type { Escalation } from '../../../common/contract.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QuestionLink } from '../../components/question-link.tsx';
import { useSession } from '../../lib/session.tsx';
import { CloseQuestion } from './close-question.tsx';
import { ReleaseQuestion } from './release-question.tsx';
import { UnqueueQuestion } from './unqueue-question.tsx';
import { WithdrawQuestion } from './withdraw-question.tsx';

/** A ticket the proxy holds: its question is with the experts, waits for Directly, or Directly never confirmed it. */
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
  const tech = s.launch.app === 'tech';
  if (e.state === 'queued') {
    return (
      <div className="note" role="status">
        <p>
          <strong>Waiting for Directly.</strong> Directly is not answering right now, so your question waits with us. It goes to{' '}
          {s.config.branding.expertNetworkName} as soon as Directly is back, once. You can leave this page.
        </p>
        {e.attempts.length > 0 ? (
          <p className="small muted">
            Tried {e.attempts.length} {e.attempts.length === 1 ? 'time' : 'times'}, the last at <DateTime iso={e.attempts.at(-1)!.at} />.
          </p>
        ) : null}
        <UnqueueQuestion escalation={e} tech={tech} />
      </div>
    );
  }
  const sent = e.attempts.at(-1);
  return (
    <div className="note note-ok" role="status">
      <p>
        <strong>This ticket is with {s.config.branding.expertNetworkName}.</strong>
        {/* Said when it took more than one try, such as a question sent from the queue. */}
        {sent?.outcome === 'sent' && e.attempts.length > 1 ? (
          <>
            {' '}
            Sent <DateTime iso={sent.at} />, on try {e.attempts.length}.
          </>
        ) : null}
      </p>
      {e.questionUrl ? (
        <p>
          <QuestionLink url={e.questionUrl} />
        </p>
      ) : (
        <p>The question is still being created.</p>
      )}
      {e.state === 'open' ? tech ? <CloseQuestion escalation={e} /> : <WithdrawQuestion escalation={e} /> : null}
    </div>
  );
}
