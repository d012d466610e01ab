// Past questions: a Portal user finds their questions that are over, says how each ended,
// opens the ticket from there, and Back returns to where they were.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { QUESTION_LINK_NAME } from '../../src/components/question-link.tsx';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { APP_ORIGIN } from '../support/upstreams.ts';
import { openTicket } from '../support/screen.ts';

const up = useUpstreams();

test('after a withdraw, Past questions lists it with its outcome and dates; the ticket opens from there and Back returns', async () => {
  const user = userEvent.setup();
  openApp({ as: 'contact:101' });
  await user.click(await screen.findByRole('button', { name: 'Past questions' }));
  const heading = await screen.findByRole('heading', { level: 2, name: 'Past questions' });
  await waitFor(() => expect(heading).toHaveFocus());
  expect(await screen.findByText(/You have no past questions yet/)).toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Tickets' }));
  await openTicket(user, /Teams camera is black/);
  await user.click(await screen.findByRole('button', { name: 'Send to experts' }));
  await screen.findByText(/Sent to Directly’s experts/);
  await user.click(screen.getByRole('button', { name: 'Back to tickets' }));
  await user.click(await screen.findByRole('button', { name: /Teams camera is black/ }));
  await user.click(await screen.findByRole('button', { name: 'Withdraw my question…' }));
  await user.click(within(screen.getByRole('group', { name: /Withdraw this question\?/ })).getByRole('button', { name: 'Yes, withdraw it' }));
  await screen.findAllByText(/withdrawn by Alice Nguyen/);
  // The tabs stand over the list, not over a ticket's form.
  expect(screen.queryByRole('navigation', { name: 'Views' })).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: /All tickets/ }));

  await user.click(screen.getByRole('button', { name: 'Past questions' }));
  const list = await screen.findByRole('list', { name: 'Past questions' });
  const row = within(list).getByRole('listitem');
  expect(within(row).getByRole('heading', { level: 3 })).toHaveTextContent('#5004');
  expect(row).toHaveTextContent('Withdrawn by you');
  expect(row.querySelectorAll('time')).toHaveLength(2);
  const link = within(row).getByRole('link', { name: new RegExp(`^${QUESTION_LINK_NAME}`) });
  expect(link).toHaveAttribute('href', up.directly.questions[0]!.url);

  await user.click(within(row).getByRole('button', { name: 'Open ticket #5004' }));
  await screen.findByRole('heading', { name: /Teams camera is black/ });
  window.history.back();
  expect(await screen.findByRole('list', { name: 'Past questions' })).toBeInTheDocument();
});

test('an error answer is shown with a way to try again', async () => {
  const user = userEvent.setup();
  up.server.use(
    http.get(
      `${APP_ORIGIN}/api/escalations/past`,
      () => HttpResponse.json({ error: { code: 'internal', message: 'The ledger could not be read.' } }, { status: 500 }),
      { once: true },
    ),
  );
  openApp({ as: 'contact:101' });
  await user.click(await screen.findByRole('button', { name: 'Past questions' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('The ledger could not be read.');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByText(/You have no past questions yet/)).toBeInTheDocument();
});
