// What the layers above the upstreams share: the proxy's services, resolved once by
// createApp, and the caller as DeskDirector confirmed it.
import { displayName, type DdApp, type DdUser } from '../common/deskdirector.ts';
import type { Actor } from '../common/contract.ts';
import type { Config } from './config.ts';
import type { Ledger } from './ledger/index.ts';
import type { Logger } from './log.ts';
import type { DeskDirectorClient } from './upstreams/deskdirector.ts';
import type { DirectlyClient } from './upstreams/directly.ts';

export interface Services {
  config: Config;
  ledger: Ledger;
  directly: DirectlyClient;
  log: Logger;
}

export interface Caller {
  host: string;
  app: DdApp;
  user: DdUser;
  /** DeskDirector as this caller: their token, their app. */
  dd: DeskDirectorClient;
}

/** Who a caller is, as a stable key: the same person in Portal and TECH are two callers. */
export const callerKey = (caller: Pick<Caller, 'app' | 'user'>): string => actorKey({ app: caller.app, id: caller.user.id });
/** The same key for a person the ledger recorded (their drafts are kept under it). */
export const actorKey = (actor: Pick<Actor, 'app' | 'id'>): string => `${actor.app}:${actor.id}`;

export const actorOf = (caller: Pick<Caller, 'app' | 'user'>): Actor => ({ app: caller.app, id: caller.user.id, name: displayName(caller.user) });
