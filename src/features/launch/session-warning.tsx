import { useEffect, useState } from 'react';
import { useSession } from '../../lib/session.tsx';
import { durationInWords } from './durations.ts';

/** The warning shows this long before the session ends (at once, for a shorter token). */
const WARN_BEFORE_MS = 5 * 60_000;

/** Milliseconds until the session ends, once inside the warning window (null before); ticks each second. */
function useTimeLeft(): number | null {
  const { endsAt } = useSession();
  const [now, setNow] = useState(() => Date.now());
  const left = endsAt - now;
  const warning = left <= WARN_BEFORE_MS;
  useEffect(() => {
    if (warning) {
      const tick = setInterval(() => setNow(Date.now()), 1000);
      return () => clearInterval(tick);
    }
    const wake = setTimeout(() => setNow(Date.now()), Math.max(0, Math.min(endsAt - WARN_BEFORE_MS - Date.now(), 2_147_000_000)));
    return () => clearTimeout(wake);
  }, [warning, endsAt]);
  return warning ? Math.max(0, left) : null;
}

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
