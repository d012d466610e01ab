// What DeskDirector's launch URL says (`access_token`, `host`, `dd_app`), read the same
// way by the page and by the proxy (which starts the first screen's reads from it).
import { normalizeHost, type DdApp } from './deskdirector.ts';

export type LaunchProblem = 'no-token' | 'malformed-token' | 'host-not-allowed' | 'expired' | 'bad-ticket';

export interface Launch {
  token: string;
  host: string;
  app: DdApp;
  /** Epoch milliseconds, from the token's `exp` (read, never verified: only DeskDirector can). */
  expiresAt: number;
  /** `ticket=<id>` on the menu URL (a URL token replacement, a TECH ticket tab, a deep link): open that ticket at once. */
  ticketId?: number;
}

export type LaunchResult = { ok: true; launch: Launch } | { ok: false; problem: LaunchProblem; host?: string; ticket?: string };

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
  const rawTicket = params.get('ticket')?.trim();
  if (rawTicket === undefined || rawTicket === '') return { ok: true, launch: { token, host, app, expiresAt } };
  const ticketId = /^\d{1,15}$/.test(rawTicket) ? Number(rawTicket) : NaN;
  if (!Number.isSafeInteger(ticketId) || ticketId < 1) return { ok: false, problem: 'bad-ticket', ticket: rawTicket.slice(0, 60) };
  return { ok: true, launch: { token, host, app, expiresAt, ticketId } };
}

/**
 * A DeskDirector access token's `exp` in epoch milliseconds, read without verifying the
 * signature (only DeskDirector can); null when the token is not a readable JWT.
 */
export function tokenExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  try {
    const b64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '=')));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** `theme=` on the menu URL: light unless the admin opts in, so the app matches a light portal. */
export type Theme = 'light' | 'dark' | 'auto';

/** How the portal asks the app to look; anything unreadable is ignored (the default applies). */
export interface Look {
  theme: Theme;
  /** `#rrggbb`, lower case; null for the theme's own accent. */
  accent: string | null;
}

export function parseLook(params: URLSearchParams): Look {
  const theme = params.get('theme')?.trim().toLowerCase();
  return { theme: theme === 'dark' || theme === 'auto' ? theme : 'light', accent: parseHexColor(params.get('accent') ?? '') };
}

/** `#1d4ed8`, `1d4ed8` (a `#` in a URL needs escaping, so it may be left out) or `#16a`, as `#rrggbb`; null otherwise. */
export function parseHexColor(raw: string): string | null {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(raw.trim())?.[1]?.toLowerCase();
  return hex ? `#${hex.length === 3 ? hex.replace(/./g, '$&$&') : hex}` : null;
}
