import type { LaunchProblem } from '../lib/launch.ts';
import { PartNotLoaded } from '../components/error-note.tsx';
import { chunk, useChunk } from './chunk.ts';

// The shell loads these right after the first screen, so opening a ticket does not wait for
// them and the ended screen never waits for the network; a launch that cannot start, at once.
export const deferredScreens = chunk(() => import('./deferred-screens.ts'));

export function LaunchProblemScreen(props: { problem: LaunchProblem | 'not-configured' }) {
  const [screens, failed] = useChunk(deferredScreens);
  return screens ? <screens.LaunchError problem={props.problem} /> : failed ? <PartNotLoaded /> : <p className="muted">Loading…</p>;
}

export function SessionEndedScreen(props: { token: string }) {
  const [screens, failed] = useChunk(deferredScreens);
  return screens ? <screens.SessionEnded token={props.token} /> : failed ? <PartNotLoaded /> : null;
}
