import type { LaunchProblem } from '../lib/launch.ts';
import { chunk, useChunk } from './chunk.ts';

// The shell loads these right after the first screen, so opening a ticket does not wait for
// them and the ended screen never waits for the network; a launch that cannot start, at once.
export const deferredScreens = chunk(() => import('./deferred-screens.ts'));

export function LaunchProblemScreen(props: { problem: LaunchProblem | 'not-configured' }) {
  const screens = useChunk(deferredScreens);
  return screens ? <screens.LaunchError problem={props.problem} /> : <p className="muted">Loading…</p>;
}

export function SessionEndedScreen(props: { token: string }) {
  const screens = useChunk(deferredScreens);
  return screens ? <screens.SessionEnded token={props.token} /> : null;
}
