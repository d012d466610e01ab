// The page's script loads and runs while the proxy is still waiting for DeskDirector, and
// the list it draws is the data the proxy then wrote into the page: no read of its own.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser } from '../../scripts/browser.ts';
import { startStack, type Stack } from '../../sim/stack.ts';

const ctx = {} as { stack: Stack; browser: { context: BrowserContext; close: () => Promise<void> } };
beforeAll(async () => {
  // Slow enough that the script is in long before DeskDirector has answered.
  ctx.stack = await startStack({ ddLatencyMs: 600 });
  ctx.browser = await launchBrowser();
});
afterAll(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

test('with DeskDirector slow, the page draws its list from the data the page carried, asking for nothing itself', async () => {
  const page = await ctx.browser.context.newPage();
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === ctx.stack.appOrigin) asked.push(url.pathname);
  });
  // Where the page's script stood when it set itself to start: still loading means its modules ran before the document was in.
  await page.addInitScript(() => {
    const add = document.addEventListener.bind(document);
    document.addEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined]) => {
      if (type === 'DOMContentLoaded') (window as unknown as { startWaitedIn?: string }).startWaitedIn ??= document.readyState;
      return add(type, ...rest);
    }) as typeof document.addEventListener;
  });
  await page.goto(ctx.stack.portalUrl('contact:101'));
  const frame = (await (await page.waitForSelector('iframe[title="Ask an expert"]')).contentFrame())!;
  await frame.getByRole('button', { name: /Excel pivot table/ }).waitFor();
  expect(await frame.evaluate(() => (window as unknown as { startWaitedIn?: string }).startWaitedIn)).toBe('loading');

  const seen = await frame.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const entry = document.querySelector<HTMLScriptElement>('script[src*="/assets/index-"]');
    const loaded = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name === entry?.src);
    return {
      async: entry?.async,
      afterRoot: Boolean(document.getElementById('root')?.compareDocumentPosition(entry!) === Node.DOCUMENT_POSITION_FOLLOWING),
      scriptIn: loaded?.responseEnd ?? Infinity,
      documentEnd: nav.responseEnd,
    };
  });
  // The entry is async and after #root, and had arrived before DeskDirector had answered and the document ended.
  expect(seen.async).toBe(true);
  expect(seen.afterRoot).toBe(true);
  expect(seen.scriptIn).toBeLessThan(seen.documentEnd);
  // The list and the latest draft came with the page; the page read neither itself.
  expect(asked.filter((p) => p === '/api/tickets' || p === '/api/drafts/latest')).toEqual([]);
  expect(asked[0]).toBe('/');
  await page.close();
});

test('when the rest of the page cannot load, a ticket says so and how to get it, rather than load forever', async () => {
  const page = await ctx.browser.context.newPage();
  await page.route('**/assets/deferred-screens-*.js', (route) => route.abort('internetdisconnected'));
  await page.goto(ctx.stack.portalUrl('contact:101'));
  const frame = (await (await page.waitForSelector('iframe[title="Ask an expert"]')).contentFrame())!;
  // The list is the first screen's own: it works without the rest.
  await frame.getByRole('button', { name: /Excel pivot table/ }).click();
  await expect
    .poll(() => frame.getByRole('alert').textContent())
    .toBe('Part of this page did not load. Check your connection, then open it again from DeskDirector’s menu.');
  expect(await frame.locator('[aria-busy="true"]').count()).toBe(0);
  await page.close();
});
