import { useRef, useState } from 'react';
import { type Escalation } from '../../../common/contract.ts';
import { isSessionEnded } from '../../lib/session.tsx';
import { useReleaseQuestion } from './api.ts';

/** Releasing frees the ticket while a question may still exist at Directly, so it says so and asks first. */
export function ReleaseQuestion(props: { escalation: Escalation }) {
  const [confirming, setConfirming] = useState(false);
  const release = useReleaseQuestion();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const error = release.error && !isSessionEnded(release.error) ? release.error : null;

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => {
          setConfirming(true);
          requestAnimationFrame(() => confirmRef.current?.focus());
        }}
      >
        Release the ticket…
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="release-heading" className="confirm">
      <p id="release-heading">
        <strong>Release this ticket without closing anything at Directly?</strong> A question may still exist at Directly, and experts may still answer it. The
        ticket can then be sent again, which may make a second question. Your name and the time are recorded.
      </p>
      {error ? (
        <p role="alert" className="field-error">
          {error.message}
        </p>
      ) : null}
      <div className="row">
        <button type="button" ref={confirmRef} className="danger" disabled={release.isPending} onClick={() => release.mutate(props.escalation.ticketId)}>
          {release.isPending ? 'Releasing…' : 'Yes, release it'}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={release.isPending}>
          Keep it held
        </button>
      </div>
    </div>
  );
}
