// A Directly outage as the user meets it (issue 14, item 1): plain words, a real countdown,
// one escalation however many tries, and "Send it when Directly is back".
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLogger } from '../../server/log.ts';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { openTicket } from '../support/screen.ts';
import { DIRECTLY_URL } from '../support/upstreams.ts';

const up = useUpstreams();
const directlyDown = () => up.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(null, { status: 500 })));

test('"Try again" counts down to the moment it can help', async () => {
  const user = userEvent.setup();
  directlyDown();
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Outlook keeps asking for my password');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await within(form).findByRole('alert');
  const first = within(form).getByRole('button', { name: /^Try again in \d+ s$/ });
  const seconds = () => Number(/in (\d+) s/.exec(first.textContent ?? '')?.[1]);
  const start = seconds();
  expect(start).toBeGreaterThanOrEqual(29);
  expect(first).toBeDisabled();
  // A real countdown: it moves by itself.
  await waitFor(() => expect(seconds()).toBeLessThan(start), { timeout: 3_000 });
});

test("a question Directly refuses as such keeps the proxy's words and offers no queue", async () => {
  const user = userEvent.setup();
  up.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(null, { status: 400 })));
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Outlook keeps asking for my password');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  const alert = await within(form).findByRole('alert');
  expect(alert).toHaveTextContent(/^Not sent\. Directly refused the question \(Directly saveQuestion answered 400\)/);
  expect(within(form).getByRole('button', { name: 'Try again' })).toBeEnabled();
  expect(within(form).queryByRole('button', { name: 'Send it when Directly is back' })).not.toBeInTheDocument();
});

test('"Send it when Directly is back": the page shows it waiting, then with the experts once the queue sends it', async () => {
  const user = userEvent.setup();
  directlyDown();
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Outlook keeps asking for my password');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await user.click(await within(form).findByRole('button', { name: 'Send it when Directly is back' }));

  const waiting = await screen.findByText('Waiting for Directly.');
  expect(waiting.closest('[role="status"]')).toHaveTextContent('Tried 2 times');
  expect(screen.queryByRole('form', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Don’t send it…' })).toBeInTheDocument();

  // Waiting is followed in the proxy's own record: no DeskDirector read of the ticket per look.
  const ticketReads = () => up.dd.calls.get('Portal ticket details') ?? 0;
  const readsWhileWaiting = ticketReads();
  await new Promise((r) => setTimeout(r, 5_500));
  expect(ticketReads()).toBe(readsWhileWaiting);

  // Directly is back; the proxy's queue sends it when due.
  up.server.resetHandlers();
  await up.proxy.db.query(`update escalations set attempt_at = $1 where state = 'queued'`, [new Date(Date.now() - 1000).toISOString()]);
  const worker = createOutboxWorker({ ledger: up.proxy.ledger, config: up.proxy.config, log: createLogger(() => {}, 'silent') });
  await worker.runDue();
  expect(up.directly.questions).toHaveLength(1);
  // The page follows a waiting question by itself.
  const sent = await screen.findByText(/This ticket is with Directly’s experts\./, {}, { timeout: 8_000 });
  expect(sent.closest('[role="status"]')).toHaveTextContent(/on try 3/);
  const history = screen.getByRole('region', { name: 'Expert history' });
  expect(within(history).getByRole('list', { name: '3 tries' })).toHaveTextContent(/not accepted by Directly.*not accepted by Directly.*sent to Directly/);
});

test('a queued question taken out of the queue gives its text back to the form', async () => {
  const user = userEvent.setup();
  directlyDown();
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Outlook keeps asking for my password');
  const text = within(form).getByRole('textbox', { name: 'Your question' });
  await user.clear(text);
  await user.type(text, 'Outlook asks for my password every morning since Monday.');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await user.click(await within(form).findByRole('button', { name: 'Send it when Directly is back' }));
  await user.click(await screen.findByRole('button', { name: 'Don’t send it…' }));
  await user.click(screen.getByRole('button', { name: 'Yes, don’t send it' }));

  const again = await screen.findByRole('form', { name: 'Ask Directly’s experts' });
  await waitFor(() =>
    expect(within(again).getByRole('textbox', { name: 'Your question' })).toHaveValue('Outlook asks for my password every morning since Monday.'),
  );
  expect(up.directly.questions).toHaveLength(0);
});
