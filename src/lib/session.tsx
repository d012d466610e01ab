// The signed-in DeskDirector session: the token in memory only, the clients built from
// it once, and the moment it must no longer be used.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { KyInstance } from 'ky';
import { createDeskDirectorClient, DeskDirectorError, type DeskDirectorClient } from '../../common/deskdirector-client.ts';
import type { PageConfig } from './app-config.ts';
import { EXPIRY_MARGIN_MS, type Launch } from './launch.ts';
import { createProxyClient, ProxyError } from './proxy-client.ts';

export interface Session {
  launch: Launch;
  config: PageConfig;
  dd: DeskDirectorClient;
  proxy: KyInstance;
  /** Marks the session as ended (a 401, or the token about to expire). */
  end(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function isSessionEnded(error: unknown): boolean {
  return (error instanceof DeskDirectorError && error.kind === 'unauthorized') || (error instanceof ProxyError && error.status === 401);
}

export function SessionProvider(props: { launch: Launch; config: PageConfig; fetch?: typeof fetch; ended: ReactNode; children: ReactNode }) {
  const { launch, config } = props;
  const [ended, setEnded] = useState(() => launch.expiresAt - EXPIRY_MARGIN_MS <= Date.now());

  const session = useMemo<Session>(() => {
    const guard = () => {
      if (launch.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) {
        setEnded(true);
        throw new DeskDirectorError('unauthorized', 'session', 'The DeskDirector access token is about to expire.');
      }
    };
    return {
      launch,
      config,
      dd: createDeskDirectorClient({ host: launch.host, token: launch.token, app: launch.app, beforeRequest: guard, ...(props.fetch ? { fetch: props.fetch } : {}) }),
      proxy: createProxyClient(launch, guard, props.fetch),
      end: () => setEnded(true),
    };
    // The session is built once per launch: one ky instance per session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [launch, config]);

  useEffect(() => {
    const ms = launch.expiresAt - EXPIRY_MARGIN_MS - Date.now();
    const timer = setTimeout(() => setEnded(true), Math.max(0, Math.min(ms, 2_147_000_000)));
    return () => clearTimeout(timer);
  }, [launch.expiresAt]);

  if (ended) return <>{props.ended}</>;
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}
