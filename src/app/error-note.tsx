import { DeskDirectorError } from '../../common/deskdirector-client.ts';
import { ProxyError } from '../lib/proxy-client.ts';

export function describeError(error: unknown, what: string): string {
  if (error instanceof DeskDirectorError) {
    if (error.kind === 'bad-shape') return `DeskDirector answered in a form this page does not understand (${error.endpoint}). Your administrator may need to check the endpoint list in the README.`;
    if (error.kind === 'forbidden' || error.kind === 'not-found') return `DeskDirector does not show you ${what}.`;
    return `DeskDirector could not load ${what} (${error.endpoint}). Try again in a moment.`;
  }
  if (error instanceof ProxyError) return error.message;
  return `Could not load ${what}. Try again in a moment.`;
}

export function ErrorNote(props: { error: unknown; what: string; retry?: () => void }) {
  return (
    <div role="alert" className="note note-error">
      <p>{describeError(props.error, props.what)}</p>
      {props.retry ? <button type="button" onClick={props.retry}>Try again</button> : null}
    </div>
  );
}
