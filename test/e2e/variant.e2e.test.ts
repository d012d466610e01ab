// The whole flow against the variant instance (other paths, entityId, account, queue,
// requestType, modifiedOn, {total, results}, no contact emails), which the proxy reads
// through the committed profile file alone.
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack({ dialect: 'variant' });

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(check(), what).toBe(true);
};

test('a Portal user on the variant instance escalates, and the note reaches the ticket in its own words', async () => {
  const page = await newPage(ctx.browser.context);
  const frame = await openInPortal(page, ctx.stack, 'contact:101');
  await frame.getByText('Signed in as').waitFor();
  expect(await frame.getByText('Alice Nguyen').count()).toBeGreaterThan(0);
  await frame.getByRole('button', { name: /Teams camera is black/ }).click();
  await frame.getByRole('heading', { name: /Teams camera is black/ }).waitFor();
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  const sent = ctx.stack.directly.questions.at(-1)!;
  expect(Object.fromEntries(sent.fields)).toMatchObject({ emailAddress: 'alice@northwind.example', fullname: 'Alice Nguyen', helpDeskId: '5004' });
  // Company and board came from `account` and `queue`.
  expect(Object.fromEntries(sent.fields)).toMatchObject({
    'metadata[DeskDirector][Company]': 'Northwind Traders',
    'metadata[DeskDirector][Board]': 'Help Desk',
  });
  await until(() => (ctx.stack.dd.notes.get(5004) ?? []).length === 1, 'the note is written on the variant’s comments path');
  expect(ctx.stack.dd.notes.get(5004)![0]!.text).toContain(sent.url ?? '');
  await shot(page, 'variant-portal-sent');
  await expectAccessible(page, 'variant confirmation');
  await page.close();
});

test('a technician on the variant instance gives the contact’s email DeskDirector lacks, sends, and closing the ticket closes the question', async () => {
  const page = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  const frame = await openInPortal(page, ctx.stack, 'member:9001');
  await frame.getByRole('button', { name: /Scanner to email stopped/ }).click();
  const email = frame.getByLabel('Carmen Ruiz’s email address');
  await email.waitFor();
  await frame.getByText(/DeskDirector has no email address for this contact/).waitFor();
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText(/Enter an email address such as/).waitFor();
  expect(ctx.stack.directly.saveCalls()).toBe(1);
  await email.fill('carmen@contoso.example');
  await expectAccessible(page, 'variant technician form with the email field');
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await frame.getByText('Sent to Directly’s experts.').waitFor();
  const sent = ctx.stack.directly.questions.at(-1)!;
  expect(Object.fromEntries(sent.fields)).toMatchObject({ emailAddress: 'carmen@contoso.example', fullname: 'Carmen Ruiz', helpDeskId: '5010' });

  // The technician closes the ticket in DeskDirector: its webhook, in the variant's words, closes the question.
  const changed = await ctx.stack.dd.setTicketStatus(5010, 'Resolved');
  expect(changed?.delivery?.status).toBe(200);
  await until(() => sent.status === 'CLOSED', 'the question is closed by the webhook');
  await page.close();
});
