import { readPageConfig, type PageConfig } from '../lib/app-config.ts';
import { parseLaunch, takeLaunchParams, type LaunchResult } from '../lib/launch.ts';

/** What the page does first, before React or any request: the token leaves the address bar. */
export function boot(win: Window = window): { launch: LaunchResult; config: PageConfig | null } {
  const params = takeLaunchParams(win);
  const config = readPageConfig(win.document);
  return { launch: parseLaunch(params, config?.deskDirectorHosts ?? []), config };
}
