// The portal's look: theme= and accent= on the menu URL reach <html> before React draws,
// and the admin's intro line, help link and name for the experts are shown.
import { screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';

const up = useUpstreams();
const root = document.documentElement;

afterEach(() => {
  delete root.dataset.theme;
  root.removeAttribute('style');
  vi.unstubAllGlobals();
});

test('light by default, with the stylesheet’s accent, and the look leaves the address bar', async () => {
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { theme: 'sepia', accent: 'blue' }) });
  expect(root.dataset.theme).toBe('light');
  expect(root.style.getPropertyValue('--accent')).toBe('');
  await screen.findByText(/Signed in as/);
  expect(window.location.search).toBe('');
});

test('theme=dark and an accent that passes: both applied as given (the accent once its check has loaded)', async () => {
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { theme: 'dark', accent: '#fde047' }) });
  expect(root.dataset.theme).toBe('dark');
  await waitFor(() => expect(root.style.getPropertyValue('--accent')).toBe('#fde047'));
});

test('a low-contrast accent is replaced by a darker shade of it on the light theme', async () => {
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { accent: 'ffcc00' }) });
  await waitFor(() => expect(root.style.getPropertyValue('--accent')).toMatch(/^#[0-9a-f]{6}$/));
  expect(root.style.getPropertyValue('--accent')).not.toBe('#ffcc00');
});

test('theme=auto follows the system, and keeps following it', () => {
  let dark = true;
  const listeners: (() => void)[] = [];
  vi.stubGlobal('matchMedia', (query: string) => ({
    media: query,
    get matches() {
      return dark;
    },
    addEventListener: (_: string, f: () => void) => listeners.push(f),
  }));
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { theme: 'auto' }) });
  expect(root.dataset.theme).toBe('dark');
  dark = false;
  for (const f of listeners) f();
  expect(root.dataset.theme).toBe('light');
});

test('the admin’s intro line, help link and name for the experts are shown', async () => {
  openApp({
    query: launchQuery(up.dd.mint('contact:101'), { ticket: '5001' }),
    env: { APP_INTRO: 'Our partner experts answer in minutes.', APP_HELP_URL: 'https://help.acme.example/ask', EXPERT_NETWORK_NAME: 'Acme Experts' },
  });
  expect(await screen.findByRole('heading', { name: 'Ask Acme Experts' })).toBeInTheDocument();
  expect(screen.getByText('Our partner experts answer in minutes.')).toBeInTheDocument();
  const help = screen.getByRole('link', { name: 'Help (opens in a new tab)' });
  expect(help).toHaveAttribute('href', 'https://help.acme.example/ask');
  expect(screen.getByText(/sends your question to Acme Experts, independent IT experts/)).toBeInTheDocument();
});
