// Browser tests run the real built app and proxy against the simulators, with the app
// inside the simulated portal's sandboxed, cross-origin iframe.
import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../scripts/browser.ts';
import { startStack, type Stack } from '../../sim/stack.ts';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export function useStack(opts: { dialect?: 'standard' | 'variant'; env?: Record<string, string> } = {}) {
  const ctx = {} as { stack: Stack; browser: { context: BrowserContext; close: () => Promise<void> } };
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    ctx.stack = await startStack({ dialect: opts.dialect ?? 'standard', ...(opts.env ? { env: opts.env } : {}) });
    knownAppOrigin = ctx.stack.appOrigin;
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.stack?.stop();
  });
  return ctx;
}

export async function newPage(context: BrowserContext, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: opts.width ?? 1000, height: opts.height ?? 800 });
  await page.emulateMedia({ colorScheme: opts.dark ? 'dark' : 'light', reducedMotion: 'reduce' });
  if (opts.dark) darkPages.add(page);
  return page;
}

// The app is light unless the menu URL opts in: a page emulating a dark system opens it
// with theme=auto, so it follows (unless the test names a theme itself).
const darkPages = new WeakSet<Page>();

/** Opens the portal as a user and returns our app's frame once it has rendered. */
export async function openInPortal(page: Page, stack: Stack, user: string, extra: Record<string, string> = {}): Promise<Frame> {
  await page.goto(stack.portalUrl(user, darkPages.has(page) ? { theme: 'auto', ...extra } : extra));
  const handle = await page.waitForSelector('iframe[title="Ask an expert"]');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('h1');
  return frame;
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Zero WCAG 2.1 AA violations in our app as it is shown now. axe runs inside the app's
 * own document (the portal's frame, or the page itself when opened as a link): run from
 * the portal page, axe cannot see into the cross-origin sandboxed frame.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const frame = page.frames().find((f) => f.url().startsWith(appOrigin(page))) ?? page.mainFrame();
  await frame.evaluate(axe.source);
  const violations = await frame.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, WCAG_21_AA);
  expect(violations.join('\n'), `axe violations on ${label}`).toBe('');
}

let knownAppOrigin = '';
const appOrigin = (page: Page) => knownAppOrigin || page.url();

/**
 * The browser's Back and Forward from the portal's page: they move the joint history, so
 * the frame's own entries too. Nothing waits for a load (a same-document move fires none);
 * the caller waits for what the user then sees.
 */
export const pressBack = (page: Page) => page.evaluate(() => history.back());
export const pressForward = (page: Page) => page.evaluate(() => history.forward());

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: false });
}
