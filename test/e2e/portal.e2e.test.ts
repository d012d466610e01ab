import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack();

test('a Portal user escalates a ticket from inside the portal iframe and sees the link', async () => {
  const page = await newPage(ctx.browser.context);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const frame = await openInPortal(page, ctx.stack, 'contact:101');

  // The token is gone from the frame's address once the app has loaded.
  expect(frame.url()).toBe(`${ctx.stack.appOrigin}/`);
  expect(await frame.evaluate(() => location.href)).not.toContain('access_token');
  // Every request the app made after its document carries no token in its URL.
  expect(
    requests
      .filter((u) => u.startsWith(ctx.stack.appOrigin) && u !== requests.find((x) => x.startsWith(ctx.stack.appOrigin)))
      .filter((u) => u.includes('access_token')),
  ).toEqual([]);

  await frame.getByRole('button', { name: /Outlook keeps asking/ }).waitFor();
  await shot(page, 'portal-list-light-wide');
  await expectAccessible(page, 'Portal ticket list');

  await frame.getByRole('button', { name: /Outlook keeps asking/ }).click();
  await frame.getByRole('heading', { name: /Outlook keeps asking/ }).waitFor();
  await shot(page, 'portal-form-light-wide');
  await expectAccessible(page, 'escalation form');

  await frame.getByRole('button', { name: 'Send to experts' }).click();
  const link = frame.getByRole('link', { name: 'Open the question on Directly' });
  await link.waitFor();
  expect(await link.getAttribute('href')).toBe(ctx.stack.directly.questions.at(-1)!.url);
  await shot(page, 'portal-sent-light-wide');
  await expectAccessible(page, 'confirmation');
  await page.close();
});

test('the page opened as an External Link (a top-level tab) works too', async () => {
  const page = await newPage(ctx.browser.context);
  await page.goto(ctx.stack.portalUrl('contact:102', { mode: 'link' }));
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /open Ask an expert/ }).click()]);
  await tab.getByRole('button', { name: /OneDrive sync stuck/ }).waitFor();
  expect(tab.url()).toBe(`${ctx.stack.appOrigin}/`);
  await tab.getByText('Signed in as').waitFor();
  expect(await tab.getByText('Bob Okafor').count()).toBeGreaterThan(0);
  await tab.close();
  await page.close();
});

test('the page refuses to be framed by an origin that is not configured', async () => {
  const page = await newPage(ctx.browser.context);
  // An origin that is not a configured DeskDirector portal: the Directly simulator's.
  await page.goto(`${ctx.stack.directlyOrigin}/p/none`);
  const blocked: string[] = [];
  page.on('console', (m) => blocked.push(m.text()));
  await page.setContent(`<iframe title="foreign" src="${ctx.stack.appOrigin}/"></iframe>`);
  await page.waitForTimeout(1000);
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  // Chromium replaces a frame refused by frame-ancestors with its error page.
  expect(frame.url()).toMatch(/^chrome-error:/);
  expect(blocked.join('\n')).toMatch(/frame-ancestors/);
  await page.close();
});

test('opened without a token, the page says how to open it, accessibly', async () => {
  const page = await newPage(ctx.browser.context, { width: 320, height: 640 });
  await page.goto(`${ctx.stack.appOrigin}/`);
  await page.getByRole('heading', { name: 'Open this page from DeskDirector' }).waitFor();
  await shot(page, 'no-token-light-narrow');
  await expectAccessible(page, 'no-token screen');
  await page.goto(`${ctx.stack.appOrigin}/?access_token=abc.def.ghi&host=${encodeURIComponent(ctx.stack.ddOrigin)}`);
  await page.getByRole('heading', { name: /not readable/ }).waitFor();
  await expectAccessible(page, 'malformed-token screen');
  await page.goto(`${ctx.stack.appOrigin}/?access_token=${ctx.stack.dd.mint('contact:101')}&host=https://evil.example`);
  await page.getByRole('heading', { name: /not set up for expert help/ }).waitFor();
  await expectAccessible(page, 'host-not-allowed screen');
  await page.close();
});
