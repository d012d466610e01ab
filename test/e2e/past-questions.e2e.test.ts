// Past questions in the real frame: after a withdraw, the question is listed with how it
// ended; the screen has no axe violation, light or dark, and Back returns to the list.
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, pressBack, shot, useStack } from './fixture.ts';

const ctx = useStack();

test('a withdrawn question is in Past questions, which axe passes light and dark, and Back returns to the list', async () => {
  const page = await newPage(ctx.browser.context, { width: 768, height: 900 });
  const frame = await openInPortal(page, ctx.stack, 'contact:201');
  await frame.getByRole('button', { name: /Scanner to email stopped working/ }).click();
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText(/Sent to Directly’s experts/).waitFor();
  await frame.getByRole('button', { name: 'Back to tickets' }).click();
  await frame.getByRole('button', { name: /Scanner to email stopped working/ }).click();
  await frame.getByRole('button', { name: 'Withdraw my question…' }).click();
  await frame.getByRole('button', { name: 'Yes, withdraw it' }).click();
  await frame
    .getByText(/withdrawn by Carmen Ruiz/)
    .first()
    .waitFor();
  await frame.getByRole('button', { name: /All tickets/ }).click();

  await frame.getByRole('button', { name: 'Past questions' }).click();
  // Exact: the skeleton shown while it loads is a list named "Loading past questions".
  const row = frame.getByRole('list', { name: 'Past questions', exact: true }).getByRole('listitem');
  await row.waitFor();
  await row.waitFor();
  await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent)).toBe('Past questions');
  expect(await row.getByRole('heading').textContent()).toContain('#5010');
  expect(await row.textContent()).toContain('Withdrawn by you');
  for (const target of [row.getByRole('link'), row.getByRole('button', { name: 'Open ticket #5010' }), row.locator('summary')])
    expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await row.locator('summary').click();
  await shot(page, 'past-questions-768-light');
  await expectAccessible(page, 'Past questions (light)');

  await pressBack(page);
  await frame.getByRole('heading', { name: 'Your open tickets' }).waitFor();
  await page.close();

  const dark = await newPage(ctx.browser.context, { width: 320, height: 640, dark: true });
  const darkFrame = await openInPortal(dark, ctx.stack, 'contact:201');
  await darkFrame.getByRole('button', { name: 'Past questions' }).click();
  await darkFrame.getByRole('list', { name: 'Past questions', exact: true }).waitFor();
  await shot(dark, 'past-questions-320-dark');
  await expectAccessible(dark, 'Past questions (dark)');
  await dark.close();
}, 40_000);

test('with nothing in the past, the screen says so in plain words', async () => {
  const page = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  const frame = await openInPortal(page, ctx.stack, 'contact:301');
  await frame.getByRole('button', { name: 'Past questions' }).click();
  await frame.getByText('You have no past questions yet.', { exact: false }).waitFor();
  await expectAccessible(page, 'Past questions, empty');
  await page.close();
});
