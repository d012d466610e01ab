// Reading the launch parameters DeskDirector appends to the menu URL, and removing
// them from the address bar before the page makes any request.
export { EXPIRY_MARGIN_MS, parseLaunch, type Launch, type LaunchProblem, type LaunchResult } from '../../common/launch.ts';

const LAUNCH_PARAMS = ['access_token', 'host', 'dd_app', 'ticket'] as const;

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
