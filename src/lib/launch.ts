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
