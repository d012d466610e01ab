// A Directly outage in the real browser (issue 14, item 1): three tries are one escalation
// with three attempts, "Try again" counts down, and "Send it when Directly is back" goes
// through the proxy's queue, once. The page's clock is Playwright's, so the countdown is
// jumped rather than waited for; the simulators keep real time.
import { expect, test } from 'vitest';
import { SIMULATE_OUTAGE } from '../../sim/directly/app.ts';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack();

test('an outage: three tries are one escalation with three attempts, then it is sent from the queue once Directly is back', async () => {
  await ctx.browser.context.clock.install();
  const page = await newPage(ctx.browser.context, { width: 390, height: 844, dark: true });
  const frame = await openInPortal(page, ctx.stack, 'contact:101');
  await frame.getByRole('button', { name: /Teams camera is black/ }).click();
  await frame.getByLabel('Your question').fill(`The camera is black when I share my screen (${SIMULATE_OUTAGE}).`);

  const alert = frame.getByRole('alert');
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await alert.getByText('Directly is not answering right now; your question is saved.').waitFor();
  for (let retry = 1; retry <= 2; retry++) {
    const waiting = frame.getByRole('button', { name: /^Try again in \d+ s$/ });
    expect(await waiting.isDisabled()).toBe(true);
    await ctx.browser.context.clock.fastForward(31_000);
    await frame.getByRole('button', { name: 'Try again', exact: true }).click();
    await frame.getByRole('list', { name: `${retry + 1} tries` }).waitFor();
  }
  const history = frame.getByRole('region', { name: 'Expert history' });
  // One escalation in the history, its three tries nested under it.
  expect(await history.locator(':scope > ul > li').count()).toBe(1);
  expect(await history.getByRole('list', { name: '3 tries' }).getByRole('listitem').allTextContents()).toEqual([
    expect.stringMatching(/not accepted by Directly$/),
    expect.stringMatching(/not accepted by Directly$/),
    expect.stringMatching(/not accepted by Directly$/),
  ]);
  // Plain words for the Portal user; Directly's answer is behind "Details for your IT team".
  expect(await alert.locator('details').getAttribute('open')).toBeNull();
  await alert.getByText('Details for your IT team').click();
  await alert.getByText('Directly’s answer: Directly saveQuestion answered 500').waitFor();
  await shot(page, 'portal-directly-down-dark-narrow');
  await expectAccessible(page, 'Directly outage (dark)');
  // The same failure in a light portal (Directly is still down for everyone).
  const lightFailure = await newPage(ctx.browser.context, { width: 1024, height: 800 });
  const failureFrame = await openInPortal(lightFailure, ctx.stack, 'contact:102');
  await failureFrame.getByRole('button', { name: /OneDrive sync/ }).click();
  await failureFrame.getByRole('button', { name: 'Send to experts' }).click();
  await failureFrame.getByRole('alert').getByText('Directly is not answering right now; your question is saved.').waitFor();
  await shot(lightFailure, 'portal-directly-down-light-wide');
  await expectAccessible(lightFailure, 'Directly outage (light)');
  await lightFailure.close();

  await frame.getByRole('button', { name: 'Send it when Directly is back' }).click();
  await frame.getByText('Waiting for Directly.').waitFor();
  expect(ctx.stack.directly.questions).toHaveLength(0);
  await shot(page, 'portal-queued-dark-narrow');
  await expectAccessible(page, 'question waiting for Directly (dark)');
  // The same waiting question in a light portal, as another tab would show it.
  const light = await newPage(ctx.browser.context, { width: 1024, height: 800 });
  const lightFrame = await openInPortal(light, ctx.stack, 'contact:101');
  await lightFrame.getByRole('button', { name: /Teams camera is black.*Waiting for Directly/ }).click();
  await lightFrame.getByText('Waiting for Directly.').waitFor();
  await shot(light, 'portal-queued-light-wide');
  await expectAccessible(light, 'question waiting for Directly (light)');
  await light.close();

  // Directly is back; the queue's next try is made due now rather than in 30 s.
  ctx.stack.directly.outage(0);
  await ctx.stack.db.query(`update escalations set attempt_at = $1 where state = 'queued'`, [new Date(Date.now() - 1000).toISOString()]);
  await expect.poll(() => ctx.stack.directly.questions.length, { timeout: 10_000 }).toBe(1);
  // The page follows the waiting question by itself (every 5 s on its clock).
  await ctx.browser.context.clock.fastForward(6_000);
  await frame.getByText(/Sent .*, on try 5\./).waitFor();
  expect(await history.getByRole('list', { name: '5 tries' }).getByRole('listitem').last().textContent()).toMatch(/sent to Directly$/);
  expect(ctx.stack.directly.questions).toHaveLength(1);
  await page.close();

  // The technicians' report: one row for the ticket, its tries counted in it.
  const tech = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  const techFrame = await openInPortal(tech, ctx.stack, 'member:9001');
  await techFrame.getByRole('button', { name: 'Escalations' }).click();
  const table = techFrame.getByRole('table', { name: 'Escalations, newest first' });
  const rows = table.getByRole('row').filter({ hasText: '#5004' });
  await rows.first().waitFor();
  expect(await rows.count()).toBe(1);
  expect(await rows.first().textContent()).toMatch(/With experts\s*5 tries/);
  await tech.close();
});
