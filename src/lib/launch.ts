// Reading the launch parameters DeskDirector appends to the menu URL, and removing
// them from the address bar before the page makes any request.
export { EXPIRY_MARGIN_MS, parseLaunch, parseLook, type Launch, type LaunchProblem, type LaunchResult, type Look } from '../../common/launch.ts';

// The look goes too: the address inside the frame is the app's own (Back moves between its screens).
const LAUNCH_PARAMS = ['access_token', 'host', 'dd_app', 'ticket', 'theme', 'accent'] as const;

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

/**
 * How long DeskDirector made the token last (`exp` − `iat`), for honest wording; null when
 * the token does not say when it was issued.
 */
export function tokenLifetimeMs(token: string): number | null {
  try {
    const b64 = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '='))) as { iat?: unknown; exp?: unknown } | null;
    const { iat, exp } = claims ?? {};
    return typeof iat === 'number' && typeof exp === 'number' && exp > iat ? (exp - iat) * 1000 : null;
  } catch {
    return null;
  }
}

/** "2 minutes", "1 hour", "1 minute 30 seconds": a duration in words, to the second under ten minutes. */
export function durationInWords(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (total >= 3600 && total % 3600 === 0) return unit(total / 3600, 'hour');
  if (total >= 600) return unit(Math.round(total / 60), 'minute');
  const [m, sec] = [Math.floor(total / 60), total % 60];
  if (m === 0) return unit(sec, 'second');
  return sec === 0 ? unit(m, 'minute') : `${unit(m, 'minute')} ${unit(sec, 'second')}`;
}
