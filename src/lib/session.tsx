// The token lives in memory only. The session is opened outside React, so main.tsx can
// send the first screen's requests before React renders anything.
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { PageConfig } from './page-config.ts';
import { EXPIRY_MARGIN_MS, type Launch } from './launch.ts';
import { createProxyApi, ProxyError, type ProxyApi, type ReadRefusal } from './proxy-client.ts';

export interface Session {
  launch: Launch;
  config: PageConfig;
  api: ProxyApi;
  /** When the page stops using the token: its expiry less the safety margin. */
  endsAt: number;
  /** Marks the session as ended (a 401, or the token about to expire). */
  end(): void;
  isEnded(): boolean;
  subscribe(onChange: () => void): () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function isSessionEnded(error: unknown): boolean {
  return error instanceof ProxyError && error.status === 401;
}

export function openSession(launch: Launch, config: PageConfig, loadReadRefusal: () => Promise<ReadRefusal>): Session {
  const listeners = new Set<() => void>();
  const expiring = () => launch.expiresAt - EXPIRY_MARGIN_MS <= Date.now();
  let ended = expiring();
  const end = () => {
    if (ended) return;
    ended = true;
    for (const listener of listeners) listener();
  };
  // No request leaves with a token about to expire: it would fail halfway through.
  const guard = () => {
    if (expiring()) {
      end();
      throw new ProxyError(401, 'token_expired', 'The DeskDirector access token is about to expire.');
    }
  };
  return {
    launch,
    config,
    api: createProxyApi(launch, guard, loadReadRefusal),
    endsAt: launch.expiresAt - EXPIRY_MARGIN_MS,
    end,
    isEnded: () => ended,
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

export function useSessionEnded(): boolean {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.isEnded);
}

/**
 * The children stay mounted when the session ends, so what the user typed stays on screen
 * (read-only); `ended` is drawn above them.
 */
export function SessionProvider(props: { session: Session; ended: ReactNode; children: ReactNode }) {
  const { session } = props;
  const ended = useSyncExternalStore(session.subscribe, session.isEnded);

  useEffect(() => {
    const timer = setTimeout(session.end, Math.max(0, Math.min(session.endsAt - Date.now(), 2_147_000_000)));
    return () => clearTimeout(timer);
  }, [session]);

  return (
    <SessionContext.Provider value={session}>
      {ended ? props.ended : null}
      {props.children}
    </SessionContext.Provider>
  );
}
