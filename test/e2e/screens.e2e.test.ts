// Every main screen in light and dark, narrow (320 px) and wide (1440 px): zero axe
// violations (contrast included) and a screenshot of each for the README.
import { test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack();

const variants = [
  { name: 'light-wide', width: 1440, height: 900, dark: false },
  { name: 'dark-wide', width: 1440, height: 900, dark: true },
  { name: 'light-narrow', width: 320, height: 640, dark: false },
  { name: 'dark-narrow', width: 320, height: 640, dark: true },
];

test.each(variants)('ticket list, form and report, $name', async ({ name, ...size }) => {
  const page = await newPage(ctx.browser.context, size);
  const portal = await openInPortal(page, ctx.stack, 'contact:201');
  await portal.getByRole('button', { name: /How to mail merge/ }).waitFor();
  await shot(page, `list-${name}`);
  await expectAccessible(page, `ticket list, ${name}`);
  // The empty screen: a filter that matches nothing.
  await portal.getByLabel('Filter tickets').fill('no ticket says this');
  await portal.getByText('No open tickets match').waitFor();
  await expectAccessible(page, `empty list, ${name}`);
  await portal.getByLabel('Filter tickets').fill('');
  await portal.getByRole('button', { name: /How to mail merge/ }).click();
  await portal.getByRole('heading', { name: /How to mail merge/ }).waitFor();
  await shot(page, `form-${name}`);
  await expectAccessible(page, `form, ${name}`);

  const tech = await openInPortal(page, ctx.stack, 'member:9002');
  await tech.getByRole('button', { name: 'Escalations' }).click();
  await tech.getByRole('heading', { name: 'Escalations' }).waitFor();
  await tech.getByText('Median time to close').waitFor();
  await shot(page, `report-${name}`);
  await expectAccessible(page, `report, ${name}`);
  await page.close();
});
