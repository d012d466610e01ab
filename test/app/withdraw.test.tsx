// A Portal user withdraws their own question after a confirmation, and the screen says so.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { openTicket } from '../support/screen.ts';

const up = useUpstreams();

test('a Portal user withdraws their question only after confirming, and it is closed at Directly', async () => {
  const user = userEvent.setup();
  openApp({ as: 'contact:101' });
  await openTicket(user, /Teams camera is black/);
  await user.click(await screen.findByRole('button', { name: 'Send to experts' }));
  expect(await screen.findByText(/Sent to Directly’s experts/)).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Back to tickets' }));
  await user.click(await screen.findByRole('button', { name: /Teams camera is black/ }));

  await user.click(await screen.findByRole('button', { name: 'Withdraw my question…' }));
  const confirm = screen.getByRole('group', { name: /Withdraw this question\?/ });
  await user.click(within(confirm).getByRole('button', { name: 'Keep it open' }));
  expect(up.directly.questions.at(-1)!.status).not.toBe('CLOSED');

  await user.click(screen.getByRole('button', { name: 'Withdraw my question…' }));
  await user.click(within(screen.getByRole('group', { name: /Withdraw this question\?/ })).getByRole('button', { name: 'Yes, withdraw it' }));
  expect(await screen.findByText(/was closed, withdrawn by Alice Nguyen/)).toBeInTheDocument();
  await waitFor(() => expect(up.directly.questions.at(-1)!.status).toBe('CLOSED'));
});
