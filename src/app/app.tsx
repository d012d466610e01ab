import { QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from '../lib/session.tsx';
import { LaunchProblemScreen, SessionEndedScreen } from './deferred.tsx';
import { Shell } from './shell.tsx';
import type { Started } from './start-session.ts';

/** A launch that cannot start gets its own screen; a session that ends midway, the expired one. */
export function App(props: { started: Started }) {
  const { started } = props;
  if (!started.ok) return <LaunchProblemScreen problem={started.problem} />;
  return (
    <SessionProvider session={started.session} ended={<SessionEndedScreen token={started.session.launch.token} />}>
      <QueryClientProvider client={started.client}>
        <Shell />
      </QueryClientProvider>
    </SessionProvider>
  );
}
