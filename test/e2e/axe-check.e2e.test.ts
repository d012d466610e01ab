// The accessibility check itself must be able to fail: from the portal page, axe cannot
// see into the cross-origin frame and would report nothing, whatever the app showed.
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, useStack } from './fixture.ts';

const ctx = useStack();

test('the accessibility check sees inside the portal frame and fails on a real violation', async () => {
  const page = await newPage(ctx.browser.context);
  const frame = await openInPortal(page, ctx.stack, 'contact:201');
  await expectAccessible(page, 'the list as shipped');
  await frame.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'barely visible text';
    p.style.color = '#eeeeee';
    document.body.append(p);
  });
  await expect(expectAccessible(page, 'a low-contrast paragraph')).rejects.toThrow(/color-contrast/);
  await page.close();
});
