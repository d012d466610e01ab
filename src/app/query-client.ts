import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isSessionEnded, type Session } from '../lib/session.tsx';

/**
 * Only what a second try can fix: the proxy not reached at all. Never a refusal, and not
 * a 5xx either: the proxy has already retried its DeskDirector reads before answering one.
 */
function isWorthRetrying(error: unknown): boolean {
  if (isSessionEnded(error)) return false;
  return ((error as { status?: number }).status ?? 0) === 0;
}

/** The one place the page retries, and where a 401 from any query or mutation ends the session. */
export function createQueryClient(session: Session): QueryClient {
  const onError = (error: unknown) => {
    if (isSessionEnded(error)) session.end();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // The iframe regains focus every time the user comes back to the portal tab.
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 1 && isWorthRetrying(error),
      },
      mutations: { retry: false },
    },
  });
}
