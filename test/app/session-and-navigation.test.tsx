// The session's end is announced and loses nothing; Back moves between the app's screens
// inside the frame; focus and status follow each action.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';
import { openTicket } from '../support/screen.ts';

const up = useUpstreams();

test('a short token warns at once with the time it really has left', async () => {
  // 120 s of life less the 30 s margin: 90 s of use.
  openApp({ query: launchQuery(up.dd.mint('contact:101', 120)) });
  const warning = (await screen.findByText(/Your DeskDirector sign-in ends/)).closest('[role="status"]')!;
  expect(warning).toHaveTextContent('Your DeskDirector sign-in ends in less than 2 minutes.');
  expect(warning).toHaveTextContent(/\(1 minute 2\d seconds left\.\)|\(1 minute 30 seconds left\.\)/);
  expect(warning).toHaveTextContent(/open this page again from the DeskDirector menu/);
});

test('an hour-long token shows no warning', async () => {
  openApp({ as: 'contact:101' });
  await screen.findByRole('list', { name: 'Tickets' });
  expect(screen.queryByText(/Your DeskDirector sign-in ends/)).not.toBeInTheDocument();
});

test('at expiry the form stays, read-only, with Copy my text, and the ended screen gives the token’s real lifetime', async () => {
  const user = userEvent.setup();
  // 34 s of life: the page stops using the token about 4 s after opening.
  openApp({ query: launchQuery(up.dd.mint('contact:101', 34)) });
  const form = await openTicket(user, 'Teams camera is black in meetings');
  const text = within(form).getByRole('textbox', { name: 'Your question' });
  await user.clear(text);
  await user.type(text, 'Black only in Teams meetings.');

  const heading = await screen.findByRole('heading', { level: 1, name: 'Your DeskDirector session has ended' }, { timeout: 8000 });
  await waitFor(() => expect(heading).toHaveFocus());
  expect(screen.getByText(/the sign-in DeskDirector gives this page lasts 34 seconds/)).toBeInTheDocument();
  expect(screen.queryByText(/60 minutes/)).not.toBeInTheDocument();

  // The text is still on screen, cannot be edited, and can be copied.
  expect(text).toHaveValue('Black only in Teams meetings.');
  expect(text).toHaveAttribute('readonly');
  expect(within(form).queryByRole('button', { name: 'Send to experts' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: '← All tickets' })).not.toBeInTheDocument();
  expect(within(form).getByText(/comes back when you open this page again from the DeskDirector menu/)).toBeInTheDocument();
  await user.click(within(form).getByRole('button', { name: 'Copy my text' }));
  expect(await within(form).findByText('Copied.')).toBeInTheDocument();
  expect(await navigator.clipboard.readText()).toBe('Teams camera is black in meetings\n\nBlack only in Teams meetings.');
}, 15_000);

test('Back and Forward move between the list and a ticket, focus follows, and the token is never written back', async () => {
  const user = userEvent.setup();
  const token = up.dd.mint('contact:101');
  openApp({ query: launchQuery(token) });
  await openTicket(user, 'Excel pivot table will not refresh');
  await waitFor(() => expect(screen.getByRole('heading', { level: 2 })).toHaveFocus());

  window.history.back();
  const listHeading = await screen.findByRole('heading', { name: 'Your open tickets' });
  await waitFor(() => expect(listHeading).toHaveFocus());

  window.history.forward();
  await screen.findByRole('form', { name: 'Ask Directly’s experts' });
  await waitFor(() => expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Excel pivot table will not refresh'));

  // "All tickets" is a step of its own, which Back undoes.
  await user.click(screen.getByRole('button', { name: '← All tickets' }));
  await waitFor(() => expect(screen.getByRole('heading', { name: 'Your open tickets' })).toHaveFocus());
  window.history.back();
  await screen.findByRole('form', { name: 'Ask Directly’s experts' });

  expect(window.location.href).not.toContain('access_token');
  expect(window.location.href).not.toContain(token);
  expect(JSON.stringify(window.history.state)).not.toContain(token);
});

test('while a filter request runs the list says Searching…', async () => {
  const user = userEvent.setup();
  openApp({ as: 'member:9001' });
  await screen.findByRole('list', { name: 'Tickets' });
  await user.type(screen.getByRole('searchbox', { name: 'Filter tickets' }), 'printer');
  expect(screen.getByText('Searching…')).toHaveAttribute('role', 'status');
  await waitFor(() => expect(screen.queryByText('Searching…')).not.toBeInTheDocument());
});
