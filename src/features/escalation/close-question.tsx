import { useRef, useState } from 'react';
import { type Escalation } from '../../../common/contract.ts';
import { isSessionEnded } from '../../lib/session.tsx';
import { useCloseQuestion } from './api.ts';

/** Closing is final on Directly's side, so it takes a second, explicit confirmation. */
export function CloseQuestion(props: { escalation: Escalation }) {
  const [confirming, setConfirming] = useState(false);
  const close = useCloseQuestion();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const error = close.error && !isSessionEnded(close.error) ? close.error : null;

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => {
          setConfirming(true);
          requestAnimationFrame(() => confirmRef.current?.focus());
        }}
      >
        Close expert question…
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="close-heading" className="confirm">
      <p id="close-heading">
        <strong>Close this question on Directly?</strong> Experts stop working on it at once. The DeskDirector ticket is not changed.
      </p>
      {error ? (
        <p role="alert" className="field-error">
          {error.message}
        </p>
      ) : null}
      <div className="row">
        <button type="button" ref={confirmRef} className="danger" disabled={close.isPending} onClick={() => close.mutate(props.escalation.ticketId)}>
          {close.isPending ? 'Closing…' : 'Yes, close it'}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={close.isPending}>
          Keep it open
        </button>
      </div>
      <span role="status" className="muted">
        {close.isPending ? 'Closing the question on Directly…' : ''}
      </span>
    </div>
  );
}
