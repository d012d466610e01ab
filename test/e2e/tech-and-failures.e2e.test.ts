import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack();

test('a TECH user escalates on behalf of a contact, then closes the question', async () => {
  const page = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  const frame = await openInPortal(page, ctx.stack, 'member:9001');
  await frame.getByRole('button', { name: /Scanner to email stopped/ }).click();
  await frame.getByText('You are asking on behalf of').waitFor();
  expect(await frame.getByText('carmen@contoso.example').count()).toBeGreaterThan(0);
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  const sent = ctx.stack.directly.questions.at(-1)!;
  expect(Object.fromEntries(sent.fields)).toMatchObject({ emailAddress: 'carmen@contoso.example', fullname: 'Carmen Ruiz', helpDeskId: '5010' });

  await frame.getByRole('button', { name: 'Back to tickets' }).click();
  await frame.getByRole('button', { name: /Scanner to email stopped.*With experts/ }).click();
  await frame.getByRole('button', { name: 'Close expert question…' }).click();
  await frame.getByText('Close this question on Directly?').waitFor();
  await shot(page, 'tech-close-confirm-light-wide');
  await expectAccessible(page, 'close confirmation');
  await frame.getByRole('button', { name: 'Yes, close it' }).click();
  await frame.getByText(/last expert question on this ticket was closed by Tess Tech/).waitFor();
  expect(sent.status).toBe('CLOSED');

  await frame.getByRole('button', { name: 'Escalations' }).click();
  await frame.getByRole('table', { name: 'Escalations, newest first' }).waitFor();
  await shot(page, 'tech-report-light-wide');
  await expectAccessible(page, 'escalation report');

  // The CSV export downloads from inside the sandboxed frame.
  const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^escalations-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^escalation id,ticket,company,state/);
  expect(csv).toContain('5010,Contoso Dental,Expert question closed');
  await page.close();
});

test('the network fails on send: the draft is kept and the retry sends it once', async () => {
  const page = await newPage(ctx.browser.context, { width: 390, height: 844, dark: true });
  const frame = await openInPortal(page, ctx.stack, 'contact:101');
  await frame.getByRole('button', { name: /Excel pivot table/ }).click();
  const text = frame.getByLabel('Your question');
  await text.fill('Pivot table shows last quarter after I paste new rows; Refresh All does nothing.');
  const before = ctx.stack.directly.saveCalls();
  await page.context().route('**/api/escalations/*', (route) => (route.request().method() === 'POST' ? route.abort('connectionreset') : route.continue()));
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText('Not sent.').waitFor();
  expect(await text.inputValue()).toBe('Pivot table shows last quarter after I paste new rows; Refresh All does nothing.');
  expect(ctx.stack.directly.saveCalls()).toBe(before);
  await shot(page, 'portal-send-failed-dark-narrow');
  await expectAccessible(page, 'send failure (dark)');

  await page.context().unroute('**/api/escalations/*');
  await frame.getByRole('button', { name: 'Try again' }).click();
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  expect(ctx.stack.directly.saveCalls()).toBe(before + 1);
  expect(Object.fromEntries(ctx.stack.directly.questions.at(-1)!.fields).text).toBe(
    'Pivot table shows last quarter after I paste new rows; Refresh All does nothing.',
  );
  await page.close();
});

test('the token expires while the form is open, and the draft survives reopening', async () => {
  const page = await newPage(ctx.browser.context, { width: 320, height: 600 });
  // 36 s of life minus the page's 30 s safety margin: the session ends 6 s after opening.
  const frame = await openInPortal(page, ctx.stack, 'contact:101', { lifetime: '36' });
  await frame.getByRole('button', { name: /Teams camera is black/ }).click();
  await frame.getByLabel('Your question').fill('Camera is black only in Teams meetings; the Windows Camera app works.');
  await frame.getByRole('heading', { name: 'Your DeskDirector session has ended' }).waitFor({ timeout: 10_000 });
  await shot(page, 'session-ended-light-narrow');
  await expectAccessible(page, 'session ended');

  // Opening the menu item again gives a fresh token; the page returns to the draft.
  const again = await openInPortal(page, ctx.stack, 'contact:101');
  await again.getByText('Your earlier draft for this ticket was restored.').waitFor();
  expect(await again.getByLabel('Your question').inputValue()).toBe('Camera is black only in Teams meetings; the Windows Camera app works.');
  await page.close();
});

test('the whole Portal flow works with the keyboard alone', async () => {
  const page = await newPage(ctx.browser.context);
  const frame = await openInPortal(page, ctx.stack, 'contact:102');
  await frame.getByRole('button', { name: /Need access to shared mailbox/ }).waitFor();
  const focusedText = () => frame.evaluate(() => document.activeElement?.textContent ?? document.activeElement?.getAttribute('aria-label') ?? '');
  // Tab from the filter to the ticket.
  await frame.getByLabel('Filter tickets').focus();
  for (let i = 0; i < 5 && !(await focusedText()).includes('Need access to shared mailbox'); i++) await page.keyboard.press('Tab');
  expect(await focusedText()).toContain('Need access to shared mailbox');
  await page.keyboard.press('Enter');
  // Focus lands on the ticket heading, then Tab walks into the form.
  await frame.getByRole('heading', { name: /Need access to shared mailbox/ }).waitFor();
  // The form comes with the ticket's own answer, after the heading: a user tabs once it is there.
  await frame.getByLabel('Your question').waitFor();
  await expect.poll(focusedText).toContain('Need access to shared mailbox');
  await page.keyboard.press('Tab'); // subject (the back link comes before the heading)
  await page.keyboard.press('Tab'); // question
  expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  await page.keyboard.type(' Please add me to accounts@northwind.example, read and send as.');
  for (let i = 0; i < 6 && (await focusedText()) !== 'Send to experts'; i++) await page.keyboard.press('Tab');
  expect(await focusedText()).toBe('Send to experts');
  await page.keyboard.press('Enter');
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  await page.close();
});
