// theme= and accent= on the menu item's URL, in the real portal frame: light, dark and a
// low-contrast accent, each at zero axe violations; the admin's words in the header; the
// layout left-aligned and as wide as the frame.
import type { Frame } from 'playwright-core';
import { expect, test } from 'vitest';
import { expectAccessible, newPage, openInPortal, shot, useStack } from './fixture.ts';

const ctx = useStack({
  env: {
    APP_INTRO: 'Stuck? Acme’s partner experts usually answer within minutes.',
    APP_HELP_URL: 'https://help.acme.example/ask',
    EXPERT_NETWORK_NAME: 'Acme’s experts',
  },
});

const looks = (frame: Frame) =>
  frame.evaluate(() => {
    const css = (el: Element | null, prop: string) => (el ? getComputedStyle(el).getPropertyValue(prop) : '');
    const send = document.querySelector('button.primary');
    return {
      theme: document.documentElement.dataset.theme,
      background: css(document.documentElement, 'background-color'),
      accent: css(document.documentElement, '--accent').trim(),
      sendBackground: css(send, 'background-color'),
    };
  });

/** `dark`: the system's preference, set here so the fixture adds no theme of its own. */
async function openForm(dark: boolean, extra: Record<string, string>) {
  const page = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
  const frame = await openInPortal(page, ctx.stack, 'contact:101', extra);
  await frame.getByRole('button', { name: /How do I share a calendar/ }).click();
  await frame.getByRole('button', { name: 'Send to experts' }).waitFor();
  // The accent's contrast check is a small lazy chunk: wait until it has applied.
  if (extra.accent) await frame.waitForFunction(() => document.documentElement.style.getPropertyValue('--accent') !== '');
  return { page, frame };
}

test('no theme: light even on a dark system, with the default accent and the admin’s intro, help link and name', async () => {
  const { page, frame } = await openForm(true, {});
  expect(await looks(frame)).toMatchObject({ theme: 'light', background: 'rgb(255, 255, 255)', sendBackground: 'rgb(29, 78, 216)' });
  await frame.getByText('Stuck? Acme’s partner experts usually answer within minutes.').waitFor();
  expect(await frame.getByRole('link', { name: 'Help (opens in a new tab)' }).getAttribute('href')).toBe('https://help.acme.example/ask');
  await frame.getByRole('form', { name: 'Ask Acme’s experts' }).waitFor();
  // Left-aligned in the frame and as wide as it: no centred column.
  const [shell, frameWidth] = await frame.evaluate(
    () => [document.querySelector('.shell')!.getBoundingClientRect().toJSON() as DOMRect, window.innerWidth] as const,
  );
  expect(shell.left).toBe(0);
  expect(shell.width).toBe(frameWidth);
  await shot(page, 'look-light-wide');
  await expectAccessible(page, 'form, theme unset (light) on a dark system');
  await page.close();
});

test('theme=dark on a light system, with a brand accent that passes as given', async () => {
  const { page, frame } = await openForm(false, { theme: 'dark', accent: '#fbbf24' });
  expect(await looks(frame)).toMatchObject({ theme: 'dark', background: 'rgb(17, 24, 39)', accent: '#fbbf24', sendBackground: 'rgb(251, 191, 36)' });
  await shot(page, 'look-dark-accent-wide');
  await expectAccessible(page, 'form, theme=dark, accent #fbbf24');
  await page.close();
});

test('theme=auto follows the system', async () => {
  const { page, frame } = await openForm(true, { theme: 'auto' });
  expect((await looks(frame)).theme).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => (await looks(frame)).theme).toBe('light');
  await expectAccessible(page, 'form, theme=auto, system turned light');
  await page.close();
});

test('a low-contrast accent is replaced by a safe shade of it, light and dark, and axe stays at zero', async () => {
  for (const [dark, theme, accent] of [
    [false, 'light', '#ffe066'],
    [true, 'dark', '#1e3a8a'],
  ] as const) {
    const { page, frame } = await openForm(dark, { theme, accent });
    const look = await looks(frame);
    expect(look.theme).toBe(theme);
    expect(look.accent).toMatch(/^#[0-9a-f]{6}$/);
    expect(look.accent).not.toBe(accent);
    await shot(page, `look-${theme}-low-contrast-accent`);
    await expectAccessible(page, `form, theme=${theme}, low-contrast accent ${accent}`);
    await page.close();
  }
});

test('an unreadable theme or accent is ignored: the default look, never an error', async () => {
  const page = await newPage(ctx.browser.context, { width: 1440, height: 900 });
  const frame = await openInPortal(page, ctx.stack, 'contact:101', { theme: 'neon', accent: 'url(x)' });
  await frame.getByRole('button', { name: /How do I share a calendar/ }).click();
  await frame.getByRole('button', { name: 'Send to experts' }).waitFor();
  expect(await looks(frame)).toMatchObject({ theme: 'light', accent: '#1d4ed8', sendBackground: 'rgb(29, 78, 216)' });
  await page.close();
});
