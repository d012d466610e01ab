import { useRef, useState, type ReactNode } from 'react';
import { isSessionEnded } from '../../lib/session.tsx';

/** The mutation a confirmation runs: only what the buttons and the error line need. */
type Action = { mutate: () => void; isPending: boolean; error: Error | null };

/** An act that cannot be undone: one button opens a question, a second, focused button does it. */
export function ConfirmAction(props: {
  id: string;
  action: Action;
  open: string;
  question: ReactNode;
  confirm: string;
  pending: string;
  cancel: string;
  pendingStatus?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const { action } = props;
  const error = action.error && !isSessionEnded(action.error) ? action.error : null;

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => {
          setConfirming(true);
          requestAnimationFrame(() => confirmRef.current?.focus());
        }}
      >
        {props.open}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby={props.id} className="confirm">
      <p id={props.id}>{props.question}</p>
      {error ? (
        <p role="alert" className="field-error">
          {error.message}
        </p>
      ) : null}
      <div className="row">
        <button type="button" ref={confirmRef} className="danger" disabled={action.isPending} onClick={() => action.mutate()}>
          {action.isPending ? props.pending : props.confirm}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={action.isPending}>
          {props.cancel}
        </button>
      </div>
      {props.pendingStatus === undefined ? null : (
        <span role="status" className="muted">
          {action.isPending ? props.pendingStatus : ''}
        </span>
      )}
    </div>
  );
}
