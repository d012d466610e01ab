import type { FirstScreen } from '../../common/contract.ts';
import { readPageConfig, type PageConfig } from '../lib/page-config.ts';
import { takeFirstScreen } from '../lib/first-screen.ts';
import { parseLaunch, parseLook, takeLaunchParams, type LaunchResult } from '../lib/launch.ts';
import { applyLook } from '../lib/theme-dom.ts';

/**
 * What the page does first, before React or any request: the token leaves the address
 * bar, the portal's look is applied (so the first paint has it), and the first screen's
 * data (when the proxy wrote it into the page) leaves the DOM.
 */
export interface Booted {
  launch: LaunchResult;
  config: PageConfig | null;
  firstScreen: FirstScreen | null;
}

export function boot(win: Window = window): Booted {
  const params = takeLaunchParams(win);
  applyLook(parseLook(params), win);
  const config = readPageConfig(win.document);
  const launch = parseLaunch(params, config?.deskDirectorHosts ?? []);
  return { launch, config, firstScreen: takeFirstScreen(win.document, launch.ok ? launch.launch : null) };
}
