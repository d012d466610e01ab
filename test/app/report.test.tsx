// The technicians' report as a manager uses it weekly: a chart with its text equivalent,
// breakdowns, search and sorting, a From-after-To message, and rows that open the ticket.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import type { Escalation, EscalationState } from '../../common/contract.ts';
import type { Report } from '../../common/report.ts';
import { stateLabels } from '../../src/components/state-badge.tsx';
import { byTechnician, perWeek } from '../../src/features/report/report-stats.ts';
import { openApp, useUpstreams } from '../support/render-app.tsx';
import { APP_ORIGIN, DD_HOST } from '../support/upstreams.ts';

const up = useUpstreams();

const tess = { app: 'tech' as const, id: 9001, name: 'Tess Tech' };
const omar = { app: 'tech' as const, id: 9002, name: 'Omar Ops' };
const alice = { app: 'portal' as const, id: 101, name: 'Alice Ng' };

function escalation(ticketId: number, subject: string, state: EscalationState, createdAt: string, more: Partial<Escalation> = {}): Escalation {
  return {
    id: `e-${ticketId}-${state}`,
    host: DD_HOST,
    ticketId,
    companyName: 'Northwind',
    state,
    questionId: state === 'failed' ? null : ticketId,
    questionUrl: state === 'failed' ? null : `https://directly.example/q/${ticketId}`,
    subject,
    text: 'text',
    askedFor: { name: 'Bob Okafor', email: 'bob@northwind.example' },
    escalatedBy: tess,
    closedBy: state === 'closed' ? tess : null,
    createdAt,
    updatedAt: createdAt,
    closedAt: null,
    lastError: null,
    attempts: [{ at: createdAt, outcome: state === 'failed' ? 'refused' : 'sent', error: null }],
    ...more,
  };
}

const rows: Escalation[] = [
  escalation(5008, 'OneDrive sync stuck on 1 file', 'open', '2024-05-15T10:00:00Z'),
  escalation(5010, 'Scanner to email stopped', 'closed', '2024-05-14T09:00:00Z', {
    companyName: 'Contoso Dental',
    escalatedBy: omar,
    closedAt: '2024-05-14T11:00:00Z',
  }),
  escalation(5001, 'Outlook keeps asking for my password', 'failed', '2024-05-02T08:00:00Z', { escalatedBy: alice }),
  escalation(5006, 'Printer offline', 'closed', '2024-04-22T08:00:00Z', { closedAt: '2024-04-22T08:30:00Z' }),
];
const report: Report = {
  escalations: rows,
  counts: { pending: 0, queued: 0, open: 1, unknown: 0, closed: 2, failed: 1, total: 4 },
  medianSecondsToClose: 4500,
  truncated: false,
};

async function openReport(user: UserEvent) {
  up.server.use(http.get(`${APP_ORIGIN}/api/admin/escalations`, () => HttpResponse.json(report)));
  openApp({ as: 'member:9001' });
  await screen.findByRole('list', { name: 'Tickets' });
  await user.click(screen.getByRole('button', { name: 'Escalations' }));
  return screen.findByRole('table', { name: 'Escalations, newest first' });
}

const ticketColumn = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Number(/#(\d+)/.exec(within(r).getAllByRole('cell')[0]!.textContent ?? '')?.[1]));

test('the weekly chart has a sentence and a table saying what it draws', async () => {
  const user = userEvent.setup();
  await openReport(user);
  const chart = screen.getByRole('img', { name: /Escalations per week/ });
  expect(chart).toHaveAccessibleName('Escalations per week 4 escalations over 4 weeks; the busiest was the week of May 13 with 2.');
  await user.click(screen.getByText('The weeks as a table'));
  const weeks = screen.getByRole('table', { name: 'Escalations per week by outcome' });
  const lines = within(weeks)
    .getAllByRole('row')
    .map((r) => r.textContent);
  expect(lines).toEqual([
    `Week of${Object.values(stateLabels)
      .map((l) => l.short)
      .join('')}Total`,
    'Apr 220000101',
    'Apr 290000011',
    'May 60000000',
    'May 130010102',
  ]);
});

test('breakdowns by company and by technician, with each one’s median time to close', async () => {
  const user = userEvent.setup();
  await openReport(user);
  const companies = screen.getByRole('table', { name: 'By company' });
  expect(
    within(companies)
      .getAllByRole('row')
      .map((r) => r.textContent),
  ).toEqual(['CompanyEscalationsClosedNot sentMedian time to close', 'Northwind311—'.replace('—', '30 min'), 'Contoso Dental1102.0 h']);
  const technicians = screen.getByRole('table', { name: 'By technician' });
  // Alice asked for herself in the Portal: she is not a technician.
  expect(
    within(technicians)
      .getAllByRole('rowheader')
      .map((c) => c.textContent),
  ).toEqual(['Tess Tech', 'Omar Ops']);
  expect(within(screen.getByLabelText('Summary')).getByText('Median time to close').nextSibling).toHaveTextContent('75 min');
});

test('search narrows the list and the columns sort both ways', async () => {
  const user = userEvent.setup();
  const table = await openReport(user);
  expect(ticketColumn(table)).toEqual([5008, 5010, 5001, 5006]);

  await user.click(within(table).getByRole('button', { name: 'Ticket' }));
  const sorted = screen.getByRole('table', { name: 'Escalations, sorted by ticket' });
  expect(ticketColumn(sorted)).toEqual([5001, 5006, 5008, 5010]);
  expect(within(sorted).getByRole('columnheader', { name: /Ticket/ })).toHaveAttribute('aria-sort', 'ascending');
  await user.click(within(sorted).getByRole('button', { name: 'Ticket' }));
  expect(ticketColumn(sorted)).toEqual([5010, 5008, 5006, 5001]);
  expect(within(sorted).getByRole('columnheader', { name: /Ticket/ })).toHaveAttribute('aria-sort', 'descending');

  await user.click(within(sorted).getByRole('button', { name: 'Time to close' }));
  // Still-open ones go last.
  expect(ticketColumn(sorted)).toEqual([5006, 5010, 5008, 5001]);

  await user.type(screen.getByRole('searchbox', { name: 'Search escalations' }), 'contoso');
  expect(ticketColumn(sorted)).toEqual([5010]);
  expect(screen.getByText(/1 of 4 match/)).toBeInTheDocument();
  await user.clear(screen.getByRole('searchbox', { name: 'Search escalations' }));
  await user.type(screen.getByRole('searchbox', { name: 'Search escalations' }), 'nothing like this');
  expect(screen.getByText('No escalations match “nothing like this”.')).toBeInTheDocument();
});

test('the question link says where it goes, and the state beside it is a state', async () => {
  const user = userEvent.setup();
  const table = await openReport(user);
  const closedRow = within(table).getAllByRole('row')[2]!;
  expect(within(closedRow).getByText('Expert question closed')).toBeInTheDocument();
  expect(within(closedRow).getByRole('link', { name: 'Open the question on Directly' })).toHaveAttribute('href', 'https://directly.example/q/5010');
  expect(within(table).queryByRole('link', { name: 'Open' })).not.toBeInTheDocument();
});

test('a From after To gets a message on To and asks nothing', async () => {
  const user = userEvent.setup();
  await openReport(user);
  const asked: string[] = [];
  up.server.events.on('request:start', ({ request }) => {
    if (request.url.includes('/api/admin/escalations')) asked.push(request.url);
  });
  await user.type(screen.getByLabelText('From'), '2024-05-10');
  await user.type(screen.getByLabelText('To'), '2024-05-01');
  await user.click(screen.getByRole('button', { name: 'Apply filters' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('To must be on or after From.');
  expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true');
  expect(screen.getByLabelText('To')).toHaveAccessibleDescription('To must be on or after From.');
  expect(screen.getByLabelText('To')).toHaveFocus();
  expect(asked).toEqual([]);

  await user.clear(screen.getByLabelText('To'));
  await user.type(screen.getByLabelText('To'), '2024-05-20');
  await user.click(screen.getByRole('button', { name: 'Apply filters' }));
  await waitFor(() => expect(asked).toHaveLength(1));
  expect(screen.queryByText('To must be on or after From.')).not.toBeInTheDocument();
});

test('a row’s ticket opens that ticket', async () => {
  const user = userEvent.setup();
  const table = await openReport(user);
  await user.click(within(table).getByRole('button', { name: '#5008 OneDrive sync stuck on 1 file' }));
  expect(await screen.findByRole('heading', { level: 2, name: /#5008 OneDrive sync stuck on 1 file/ }, { timeout: 8000 })).toBeInTheDocument();
}, 15_000);

test('weeks without escalations still get a bar; a technician’s breakdown leaves out Portal users', () => {
  expect(perWeek(rows).map((w) => [w.week, w.total])).toEqual([
    ['2024-04-22', 1],
    ['2024-04-29', 1],
    ['2024-05-06', 0],
    ['2024-05-13', 2],
  ]);
  expect(perWeek(rows, 2).map((w) => w.week)).toEqual(['2024-05-06', '2024-05-13']);
  expect(byTechnician(rows).reduce((n, b) => n + b.total, 0)).toBe(3);
});
