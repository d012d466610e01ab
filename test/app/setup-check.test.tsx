// The setup check for technicians: the doctor's table for their instance, inside the app.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { DD_HOST } from '../support/upstreams.ts';

const up = useUpstreams();

test('a technician opens the setup check and reads each line with its result in words', async () => {
  const user = userEvent.setup();
  openApp({ as: 'member:9001' });
  await user.click(await screen.findByRole('button', { name: 'Setup check' }));

  expect(await screen.findByRole('heading', { name: 'Setup check' })).toBeInTheDocument();
  expect(screen.getByText(/fix each ✗ as its line says and confirm each \?/)).toBeInTheDocument();
  const table = await screen.findByRole('table', { name: `Setup check of ${DD_HOST}, one line per check` });
  const rows = within(table).getAllByRole('row').slice(1);
  const line = (check: string) => rows.find((r) => within(r).queryByRole('cell', { name: check }));

  expect(line('Instance answers')).toHaveTextContent(/^✓Passed/);
  expect(line('Answer: TECH current member')).toHaveTextContent('every field the product reads is there');
  // The test proxy has no API key: the connector checks could not run, and the line says what to add.
  expect(line('DESKDIRECTOR_API_KEYS')).toHaveTextContent(/^\?Not known, to confirm.*Add "http:\/\/dd\.test=<key>"/);
  expect(screen.getByRole('status')).toHaveTextContent(/\d+ ✓ passed · 0 ✗ to fix · \d+ \? to confirm · checked/);
  expect(screen.getByRole('button', { name: 'Download suggested profile' })).toBeEnabled();
});

test('“Check again” runs the checks again rather than showing the last minute’s run', async () => {
  const user = userEvent.setup();
  openApp({ as: 'member:9001' });
  await user.click(await screen.findByRole('button', { name: 'Setup check' }));
  await screen.findByRole('table', { name: /Setup check of/ });
  // Each run makes one ticket search as the technician.
  const searches = () => up.dd.calls.get('TECH find tickets') ?? 0;
  const before = searches();

  await user.click(screen.getByRole('button', { name: 'Check again' }));
  await waitFor(() => expect(searches()).toBe(before + 1));
  await waitFor(() => expect(screen.getByRole('button', { name: 'Check again' })).toBeEnabled());
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('a Portal user has no setup check tab, nor the report', async () => {
  openApp({ as: 'contact:101' });
  await screen.findByText(/Signed in as/);
  const views = screen.getByRole('navigation', { name: 'Views' });
  expect(
    within(views)
      .getAllByRole('button')
      .map((b) => b.textContent),
  ).toEqual(['Tickets', 'Past questions']);
});
