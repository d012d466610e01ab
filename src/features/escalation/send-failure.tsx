import { useEffect, useState, type Ref } from 'react';
import { DateTime } from '../../components/date-time.tsx';
import { ProxyError } from '../../lib/proxy-client.ts';

/** Seconds left until `seconds` after the moment `since` changed; 0 when there is no wait. */
export function useCountdown(seconds: number | undefined, since: unknown): number {
  const [left, setLeft] = useState(seconds ?? 0);
  // A new answer starts the count at once, in the same render (React's "adjust state on a prop change").
  const [counted, setCounted] = useState(since);
  if (counted !== since) {
    setCounted(since);
    setLeft(seconds ?? 0);
  }
  useEffect(() => {
    if (!seconds) return;
    const end = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const next = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setLeft(next);
      if (next === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds, since]);
  return left;
}

/**
 * Directly cannot take the question now, and trying again can help (the proxy says when):
 * the page's own words for it. A refusal of the question itself, or an outcome Directly
 * never confirmed, keeps the proxy's message.
 */
export const isDirectlyDown = (error: unknown): error is ProxyError =>
  error instanceof ProxyError && error.code === 'directly_unavailable' && error.retryAfterSeconds !== undefined;

/**
 * A send that did not go through. Directly being down is said plainly, with the technical
 * detail folded away for the IT team (open for technicians); any other refusal is the
 * proxy's own message, which already says what to do.
 */
export function SendFailure({ error, tech, ref }: { error: Error; tech: boolean; ref: Ref<HTMLDivElement> }) {
  const proxyError = error instanceof ProxyError ? error : null;
  const attempts = proxyError?.escalation?.attempts ?? [];
  const last = attempts.at(-1);
  return (
    <div role="alert" className="note note-error" tabIndex={-1} ref={ref}>
      {isDirectlyDown(error) ? (
        <p>
          <strong>Directly is not answering right now; your question is saved.</strong> Try again in a moment, or let us send it as soon as Directly is back.
        </p>
      ) : (
        <p>
          <strong>Not sent.</strong> {error.message} Your draft is kept.
        </p>
      )}
      {proxyError && (isDirectlyDown(error) || proxyError.requestId) ? (
        <details open={tech}>
          <summary>Details for your IT team</summary>
          <ul className="small">
            {isDirectlyDown(error) ? <li>{error.message}</li> : null}
            {last?.error ? <li>Directly’s answer: {last.error}</li> : null}
            {attempts.length > 1 && last ? (
              <li>
                Tried {attempts.length} times for this ticket, the last at <DateTime iso={last.at} />.
              </li>
            ) : null}
            {proxyError.requestId ? <li>Reference {proxyError.requestId}</li> : null}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
