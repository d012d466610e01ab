// A technician escalates a contact's ticket on their behalf, then closes the question
// on Directly after a confirmation.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { DIRECTLY_URL } from '../support/upstreams.ts';
import { openTicket, readPreview } from '../support/screen.ts';

const up = useUpstreams();

const questionFor = (ticketId: number) => up.directly.questions.find((q) => q.helpDeskId === String(ticketId));
const field = (fields: Array<[string, string]>, name: string) => fields.find(([k]) => k === name)?.[1];

function openAsTech(member = 'member:9001') {
  openApp({ as: member });
}

async function sendOnBehalf(user: UserEvent, summary: string) {
  const form = await openTicket(user, summary);
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await screen.findByText('Sent to Directly’s experts.');
}

async function reopen(user: UserEvent, summary: RegExp) {
  await user.click(screen.getByRole('button', { name: 'Back to tickets' }));
  await user.click(await screen.findByRole('button', { name: summary }));
}

test('a technician asks on behalf of the ticket’s contact, then closes the question after confirming', async () => {
  const user = userEvent.setup();
  openAsTech();
  const form = await openTicket(user, 'OneDrive sync stuck on 1 file');

  expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('#5008 OneDrive sync stuck on 1 file');
  expect(within(form).getByText(/You are asking on behalf of/)).toHaveTextContent(
    'You are asking on behalf of Bob Okafor (bob@northwind.example). Experts’ answers go to them.',
  );
  // Technicians see what goes to Directly hidden from experts, the metadata groups included.
  await user.click(within(readPreview().region).getByText('What experts will see'));
  await user.click(within(readPreview().region).getByText('Also sent to Directly, not shown to experts'));
  const { hidden } = readPreview();
  expect(hidden).toContainEqual(['Asked by', 'Bob Okafor <bob@northwind.example>']);
  expect(hidden).toContainEqual(['DeskDirector · Ticket ID', '5008']);

  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  expect(await screen.findByText('Sent to Directly’s experts.')).toBeInTheDocument();
  expect(screen.getByText(/Answers are emailed to bob@northwind\.example/)).toBeInTheDocument();
  const question = questionFor(5008)!;
  expect(field(question.fields, 'fullname')).toBe('Bob Okafor');
  expect(field(question.fields, 'emailAddress')).toBe('bob@northwind.example');
  // One name for the question's link wherever it appears.
  expect(screen.getByRole('link', { name: 'Open the question on Directly' })).toHaveAttribute('href', question.url);

  // Back on the ticket: it is with the experts, and the technician may close it.
  await reopen(user, /OneDrive sync stuck on 1 file/);
  expect(await screen.findByText('This ticket is with Directly’s experts.')).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Open the question on Directly' })).toHaveAttribute('href', question.url);
  expect(screen.queryByRole('form', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();
  const history = screen.getByRole('region', { name: 'Expert history' });
  expect(within(history).getByRole('listitem')).toHaveTextContent(/With experts.* by Tess Tech for Bob Okafor/);
  // A plain list: the order carries no number worth reading out.
  expect(within(history).getByRole('list').tagName).toBe('UL');

  // First attempt: the technician changes their mind.
  await user.click(screen.getByRole('button', { name: 'Close expert question…' }));
  const confirm = screen.getByRole('group', { name: /Close this question on Directly\?/ });
  expect(confirm).toHaveTextContent('Experts stop working on it at once. The DeskDirector ticket is not changed.');
  await waitFor(() => expect(within(confirm).getByRole('button', { name: 'Yes, close it' })).toHaveFocus());
  await user.click(within(confirm).getByRole('button', { name: 'Keep it open' }));
  expect(screen.queryByRole('group', { name: /Close this question/ })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Close expert question…' })).toBeInTheDocument();
  expect(questionFor(5008)!.status).not.toBe('CLOSED');

  // Second attempt: closed on Directly, and the history says so.
  await user.click(screen.getByRole('button', { name: 'Close expert question…' }));
  await user.click(within(screen.getByRole('group', { name: /Close this question/ })).getByRole('button', { name: 'Yes, close it' }));
  await waitFor(() => expect(within(screen.getByRole('region', { name: 'Expert history' })).getByRole('listitem')).toHaveTextContent('Expert question closed'));
  expect(questionFor(5008)!.status).toBe('CLOSED');
  expect(within(screen.getByRole('region', { name: 'Expert history' })).getByRole('listitem')).toHaveTextContent(/closed .* by Tess Tech/);
  expect(screen.queryByText('This ticket is with Directly’s experts.')).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Close expert question…' })).not.toBeInTheDocument();
  // With the question closed, the ticket can be asked about again.
  expect(screen.getByText(/The last expert question on this ticket was closed/)).toHaveTextContent(
    'The last expert question on this ticket was closed by Tess Tech. You can ask again below.',
  );
  expect(screen.getByRole('form', { name: 'Ask Directly’s experts' })).toBeInTheDocument();
  // The close button went away with its panel: focus is on the note that says why, not on the page.
  expect(screen.getByText(/The last expert question on this ticket was closed/)).toHaveFocus();

  await user.click(screen.getByRole('button', { name: '← All tickets' }));
  const row = await screen.findByRole('button', { name: /OneDrive sync stuck on 1 file/ });
  await waitFor(() => expect(row).toHaveTextContent('Expert question closed'));
});

test('when Directly refuses to close, the question stays open and the technician is told', async () => {
  const user = userEvent.setup();
  openAsTech();
  await sendOnBehalf(user, 'Scanner to email stopped working');
  await reopen(user, /Scanner to email stopped working/);
  up.server.use(http.post(`${DIRECTLY_URL}/helpDesk/closeQuestion`, () => new HttpResponse(null, { status: 500 })));

  await user.click(await screen.findByRole('button', { name: 'Close expert question…' }));
  const confirm = screen.getByRole('group', { name: /Close this question/ });
  await user.click(within(confirm).getByRole('button', { name: 'Yes, close it' }));

  expect(await within(confirm).findByRole('alert')).toHaveTextContent('Directly did not close the question. It is still open; try again in a few minutes.');
  expect(screen.getByText('This ticket is with Directly’s experts.')).toBeInTheDocument();
  expect(within(confirm).getByRole('button', { name: 'Yes, close it' })).toBeEnabled();
  expect(questionFor(5010)!.status).not.toBe('CLOSED');
});

test('a Portal contact can see their question is with the experts but cannot close it', async () => {
  const user = userEvent.setup();
  openApp({ as: 'contact:201' });
  await sendOnBehalf(user, 'How to mail merge patient reminders');
  await reopen(user, /How to mail merge patient reminders/);

  expect(await screen.findByText('This ticket is with Directly’s experts.')).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Open the question on Directly' })).toHaveAttribute('href', questionFor(5011)!.url);
  expect(screen.queryByRole('button', { name: 'Close expert question…' })).not.toBeInTheDocument();
});

test('when Directly’s answer is lost the ticket is held, not offered again, and a technician releases it knowingly', async () => {
  const user = userEvent.setup();
  openAsTech('member:9002');
  // The connection drops: Directly may or may not have the question.
  up.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => HttpResponse.error()));
  const form = await openTicket(user, 'Printer on 2nd floor prints blank pages');
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  // The form gives way to the unknown state at once: sending again could create a second question.
  expect(await screen.findByText('Directly did not confirm this question.')).toBeInTheDocument();
  expect(screen.queryByRole('form', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();
  up.server.resetHandlers();

  // Opened again, it still does.
  await user.click(screen.getByRole('button', { name: '← All tickets' }));
  await user.click(await screen.findByRole('button', { name: /Printer on 2nd floor/ }));
  expect(await screen.findByText('Directly did not confirm this question.')).toBeInTheDocument();
  expect(screen.queryByRole('form', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();

  // Closing fails (Directly has no such question, and its 500 says nothing): the ticket stays held.
  await user.click(screen.getByRole('button', { name: 'Close expert question…' }));
  await user.click(await screen.findByRole('button', { name: 'Yes, close it' }));
  expect(await screen.findByText(/Directly did not close the question/, {}, { timeout: 3000 })).toBeInTheDocument();
  expect(screen.queryByRole('form', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();
  // Releasing says a question may still exist at Directly, then frees the ticket.
  await user.click(screen.getByRole('button', { name: 'Release the ticket…' }));
  expect(await screen.findByText(/A question may still exist at Directly/)).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Yes, release it' }));
  expect(await screen.findByRole('form', { name: 'Ask Directly’s experts' }, { timeout: 3000 })).toBeInTheDocument();
  expect(up.directly.questions.filter((q) => q.helpDeskId === '5006')).toHaveLength(0);
});

test('the Escalations report seen a moment ago shows a question sent since, without waiting for it to go stale', async () => {
  const user = userEvent.setup();
  openAsTech();
  await screen.findByRole('list', { name: 'Tickets' });
  await user.click(screen.getByRole('button', { name: 'Escalations' }));
  const total = async () => Number(within(await screen.findByLabelText('Summary')).getByText('Total').nextSibling?.textContent);
  const before = await total();

  await user.click(screen.getByRole('button', { name: 'Tickets' }));
  await sendOnBehalf(user, 'PDF signatures not valid in Acrobat');
  await user.click(screen.getByRole('button', { name: 'Escalations' }));
  const table = await screen.findByRole('table', { name: 'Escalations, newest first' });
  await waitFor(() => expect(within(table).getAllByRole('row')[1]).toHaveTextContent('#5012'));
  expect(await total()).toBe(before + 1);
}, 15_000);
