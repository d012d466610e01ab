// The launch feature's screens, loaded after the first screen (src/app/deferred.tsx): a launch that
// cannot start and a session about to end are rare, so the first screen goes without them.
import { tokenLifetimeMs } from './durations.ts';
import { LaunchError } from './launch-error.tsx';

export { LaunchError } from './launch-error.tsx';
export { SessionWarning } from './session-warning.tsx';

/** The session has ended: said with the sign-in's real lifetime when the token tells it. */
export function SessionEnded(props: { token: string }) {
  return <LaunchError problem="expired" lifetimeMs={tokenLifetimeMs(props.token)} />;
}
