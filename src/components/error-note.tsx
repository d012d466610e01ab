import { ProxyError } from '../lib/proxy-client.ts';

export function describeError(error: unknown, what: string): string {
  if (error instanceof ProxyError) return error.message;
  return `Could not load ${what}. Try again in a moment.`;
}

/** A screen whose code did not load; only a new page loads it (the browser keeps the failure). */
export const PartNotLoaded = () => (
  <p role="alert" className="note note-error">
    Part of this page did not load. Check your connection, then open it again from DeskDirector’s menu.
  </p>
);

export function ErrorNote(props: { error: unknown; what: string; retry?: () => void }) {
  return (
    <div role="alert" className="note note-error">
      <p>{describeError(props.error, props.what)}</p>
      {props.retry ? (
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
