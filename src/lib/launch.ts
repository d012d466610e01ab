// Reading the launch parameters DeskDirector appends to the menu URL, and removing
// them from the address bar before the page makes any request.
import { normalizeHost, type DdApp } from '../../common/deskdirector-api.ts';
import { tokenExpiry } from '../../common/token-expiry.ts';

export type LaunchProblem = 'no-token' | 'malformed-token' | 'host-not-allowed' | 'expired';

export interface Launch {
  token: string;
  host: string;
  app: DdApp;
  /** Epoch milliseconds, from the token's `exp` (read, never verified: only DeskDirector can). */
  expiresAt: number;
}

export type LaunchResult = { ok: true; launch: Launch } | { ok: false; problem: LaunchProblem; host?: string };

const LAUNCH_PARAMS = ['access_token', 'host', 'dd_app'] as const;

/** Takes the token out of the URL and history entry. Returns the parameters it removed. */
export function takeLaunchParams(win: Pick<Window, 'location' | 'history'> = window): URLSearchParams {
  const url = new URL(win.location.href);
  const taken = new URLSearchParams();
  for (const name of LAUNCH_PARAMS) {
    const value = url.searchParams.get(name);
    if (value !== null) taken.set(name, value);
    url.searchParams.delete(name);
  }
  if ([...taken.keys()].length > 0) win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  return taken;
}

/** Stop using a token this long before it expires, so no call races its expiry. */
export const EXPIRY_MARGIN_MS = 30_000;

export function parseLaunch(params: URLSearchParams, allowedHosts: string[], now = Date.now()): LaunchResult {
  const token = params.get('access_token')?.trim();
  if (!token) return { ok: false, problem: 'no-token' };
  const expiresAt = tokenExpiry(token);
  if (expiresAt === null) return { ok: false, problem: 'malformed-token' };
  const rawHost = params.get('host') ?? '';
  const host = normalizeHost(rawHost);
  if (!host || !allowedHosts.includes(host)) return { ok: false, problem: 'host-not-allowed', host: rawHost };
  if (expiresAt - EXPIRY_MARGIN_MS <= now) return { ok: false, problem: 'expired' };
  const app: DdApp = params.get('dd_app')?.toLowerCase() === 'tech' ? 'tech' : 'portal';
  return { ok: true, launch: { token, host, app, expiresAt } };
}
