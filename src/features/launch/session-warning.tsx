import { durationInWords } from '../../lib/launch.ts';
import { useTimeLeft } from '../../lib/session.tsx';

/**
 * Shown from a few minutes before the page stops using DeskDirector's token. The time left
 * is drawn each second but announced once: a ticking live region would talk over typing.
 */
export function SessionWarning() {
  const left = useTimeLeft();
  if (left === null || left <= 0) return null;
  const minutes = Math.ceil(left / 60_000);
  // "Less than N" stays true for the whole minute it is shown.
  return (
    <div className="note note-warn session-warning" role="status">
      <p>
        <strong>Your DeskDirector sign-in ends in less than {minutes === 1 ? 'a minute' : `${minutes} minutes`}.</strong>{' '}
        <span aria-hidden="true">({durationInWords(Math.floor(left / 1000) * 1000)} left.)</span> What you type is saved. Send your question before then, or
        open this page again from the DeskDirector menu to continue.
      </p>
    </div>
  );
}
