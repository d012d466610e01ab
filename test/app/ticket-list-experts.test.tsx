// The technicians' ticket list: each ticket's priority and age, and a "With experts"
// filter for the tickets whose latest question is still with Directly.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { ticketAge } from '../../src/features/tickets/ticket-age.ts';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { openTicket } from '../support/screen.ts';

useUpstreams();

const listed = () =>
  within(screen.getByRole('list', { name: 'Tickets' }))
    .getAllByRole('button')
    .map((b) => Number(/#(\d+)/.exec(b.textContent ?? '')?.[1]));

test('a ticket shows its priority and how long ago it was opened', async () => {
  openApp({ as: 'member:9001' });
  const row = await screen.findByRole('button', { name: /Scanner to email stopped working/ });
  expect(row).toHaveTextContent('Priority High');
  expect(within(row).getByText(/^Opened \d+ (hour|hours|day|days) ago$/)).toHaveAttribute('datetime');
});

test('“With experts” shows only the tickets whose question is with the experts, and turns off again', async () => {
  const user = userEvent.setup();
  openApp({ as: 'member:9001' });
  const form = await openTicket(user, 'OneDrive sync stuck on 1 file');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await screen.findByText('Sent to Directly’s experts.');
  await user.click(screen.getAllByRole('button', { name: /Back to tickets|All tickets/ })[0]!);
  await screen.findByRole('list', { name: 'Tickets' });
  const all = listed();
  expect(all.length).toBeGreaterThan(1);

  const toggle = screen.getByRole('button', { name: 'With experts', pressed: false });
  await user.click(toggle);
  expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(listed()).toEqual([5008]);

  await user.click(toggle);
  expect(listed()).toEqual(all);
}, 15_000);

test('“With experts” on a page with none says so', async () => {
  const user = userEvent.setup();
  openApp({ as: 'member:9001' });
  await screen.findByRole('list', { name: 'Tickets' });
  await user.click(screen.getByRole('button', { name: 'With experts' }));
  expect(screen.getByText('No ticket on this page is with experts.')).toBeInTheDocument();
});

test('a Portal user’s list has no technicians’ filter', async () => {
  openApp({ as: 'contact:101' });
  await screen.findByRole('list', { name: 'Tickets' });
  expect(screen.queryByRole('button', { name: 'With experts' })).not.toBeInTheDocument();
});

test('ages read in hours, then days', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  expect(ticketAge('2026-11-20T11:30:00Z', now)).toBe('Opened less than an hour ago');
  expect(ticketAge('2026-11-20T11:00:00Z', now)).toBe('Opened 1 hour ago');
  expect(ticketAge('2026-11-19T13:00:00Z', now)).toBe('Opened 23 hours ago');
  expect(ticketAge('2026-11-19T12:00:00Z', now)).toBe('Opened 1 day ago');
  expect(ticketAge('2026-11-10T12:00:00Z', now)).toBe('Opened 10 days ago');
});
