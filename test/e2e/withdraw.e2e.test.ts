// A Portal user withdraws their own question in the real browser (issue 14, item 5): a
// confirmation first, then it is closed at Directly and the screen says who withdrew it.
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack();

test.each([
  ['light', 'contact:101', /Teams camera is black/],
  ['dark', 'contact:102', /OneDrive sync stuck/],
] as const)('withdraw (%s): a confirmation, then closed at Directly as withdrawn by them', async (theme, user, ticket) => {
  const page = await newPage(ctx.browser.context, { width: 768, height: 900, dark: theme === 'dark' });
  const frame = await openInPortal(page, ctx.stack, user);
  await frame.getByRole('button', { name: ticket }).click();
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  const question = ctx.stack.directly.questions.at(-1)!;
  await frame.getByRole('button', { name: 'Back to tickets' }).click();
  await frame.getByRole('button', { name: ticket }).click();

  await frame.getByRole('button', { name: 'Withdraw my question…' }).click();
  const confirm = frame.getByRole('group', { name: /Withdraw this question\?/ });
  await confirm.waitFor();
  // The safe answer is the one focused (focus moves once the panel is drawn, as a user sees it).
  await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent)).toBe('Yes, withdraw it');
  await shot(page, `portal-withdraw-confirm-${theme}`);
  await expectAccessible(page, `withdraw confirmation (${theme})`);
  await confirm.getByRole('button', { name: 'Keep it open' }).click();
  expect(question.status).not.toBe('CLOSED');

  await frame.getByRole('button', { name: 'Withdraw my question…' }).click();
  await frame.getByRole('button', { name: 'Yes, withdraw it' }).click();
  const note = frame.getByText(/The last expert question on this ticket was closed, withdrawn by/);
  await note.waitFor();
  expect(question.status).toBe('CLOSED');
  // Focus follows the panel that went away, to the note that says what happened.
  await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/withdrawn by/);
  await expectAccessible(page, `withdrawn (${theme})`);
  await page.close();
});
