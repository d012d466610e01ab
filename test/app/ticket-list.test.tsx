// The ticket list: pages of ten, the filter, no wasted requests, and what happens when
// DeskDirector answers something the page does not understand.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, onTestFinished, test } from 'vitest';
import { FILTER_DELAY_MS } from '../../src/features/tickets/ticket-list.tsx';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';
import { openTicket } from '../support/screen.ts';
import { FIRST_SCREEN_ID } from '../../common/contract.ts';
import { APP_ORIGIN, DD_HOST } from '../support/upstreams.ts';

const up = useUpstreams();

const ticketNumbers = () =>
  within(screen.getByRole('list', { name: 'Tickets' }))
    .getAllByRole('button')
    .map((b) => Number(/#(\d+)/.exec(b.textContent ?? '')?.[1]));

/** Every request the page sends to its own origin from now until the test ends, as `METHOD path?query`. */
function recordPageCalls(): string[] {
  const calls: string[] = [];
  const record = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    if (url.origin === APP_ORIGIN) calls.push(`${request.method} ${url.pathname}${url.search}`);
  };
  up.server.events.on('request:start', record);
  onTestFinished(() => void up.server.events.removeListener('request:start', record));
  return calls;
}

async function openAsTech() {
  openApp({ as: 'member:9001' });
  await screen.findByText(/Signed in as/);
  await screen.findByRole('list', { name: 'Tickets' });
}

test('a technician pages through all twelve open tickets, ten at a time', async () => {
  const user = userEvent.setup();
  await openAsTech();
  expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as Tess Tech · Technician');
  expect(screen.getByRole('heading', { name: 'Open tickets' })).toBeInTheDocument();

  const pager = screen.getByRole('navigation', { name: 'Ticket pages' });
  const previous = within(pager).getByRole('button', { name: 'Previous' });
  const next = within(pager).getByRole('button', { name: 'Next' });
  expect(pager).toHaveTextContent('1–10 of 12');
  expect(ticketNumbers()).toEqual([5013, 5012, 5011, 5010, 5009, 5008, 5006, 5005, 5004, 5003]);
  expect(previous).toBeDisabled();
  expect(next).toBeEnabled();
  // A technician sees whose ticket it is.
  expect(screen.getByRole('button', { name: /#5010/ })).toHaveTextContent('Carmen Ruiz · Contoso Dental');

  await user.click(next);
  await waitFor(() => expect(pager).toHaveTextContent('11–12 of 12'));
  await waitFor(() => expect(ticketNumbers()).toEqual([5002, 5001]));
  expect(next).toBeDisabled();
  expect(previous).toBeEnabled();
  // The closed ticket is on no page.
  expect(screen.queryByText(/Old laptop return/)).not.toBeInTheDocument();

  await user.click(previous);
  await waitFor(() => expect(pager).toHaveTextContent('1–10 of 12'));
  await waitFor(() => expect(ticketNumbers()).toHaveLength(10));
  expect(ticketNumbers()[0]).toBe(5013);
  expect(previous).toBeDisabled();
});

test('typing in the filter narrows the list, starting again from the first page', async () => {
  const user = userEvent.setup();
  await openAsTech();
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await waitFor(() => expect(ticketNumbers()).toEqual([5002, 5001]));

  const filter = screen.getByRole('searchbox', { name: 'Filter tickets' });
  await user.type(filter, 'Carmen');
  await waitFor(() => expect(ticketNumbers()).toEqual([5011, 5010]));
  expect(screen.getByText('2 tickets')).toBeInTheDocument();
  expect(screen.queryByRole('navigation', { name: 'Ticket pages' })).not.toBeInTheDocument();

  await user.clear(filter);
  await user.type(filter, 'outlook');
  await waitFor(() => expect(ticketNumbers()).toEqual([5001]));
  expect(screen.getByText('1 ticket')).toBeInTheDocument();

  await user.clear(filter);
  await waitFor(() => expect(screen.getByRole('navigation', { name: 'Ticket pages' })).toHaveTextContent('1–10 of 12'));
});

test('a filter that matches nothing says so', async () => {
  const user = userEvent.setup();
  await openAsTech();
  await user.type(screen.getByRole('searchbox', { name: 'Filter tickets' }), 'zebra');
  expect(await screen.findByText('No open tickets match “zebra”.')).toBeInTheDocument();
  expect(screen.queryByRole('list', { name: 'Tickets' })).not.toBeInTheDocument();
  expect(screen.queryByRole('navigation', { name: 'Ticket pages' })).not.toBeInTheDocument();
});

test('a Portal contact with few tickets sees no pager', async () => {
  openApp({ as: 'contact:102' });
  await screen.findByRole('list', { name: 'Tickets' });
  expect(ticketNumbers()).toEqual([5009, 5008]);
  expect(screen.getByText('2 tickets')).toBeInTheDocument();
  expect(screen.queryByRole('navigation', { name: 'Ticket pages' })).not.toBeInTheDocument();
});

test('DeskDirector answering an unexpected shape names the endpoint, and Try again recovers', async () => {
  const user = userEvent.setup();
  let broken = true;
  up.server.use(http.post('http://dd.test/api/v2/portal/tickets/find', ({ request }) => (broken ? HttpResponse.json({ foo: 1 }) : up.dd.app.fetch(request))));
  openApp({ as: 'contact:101' });

  const alert = await screen.findByRole('alert', {}, { timeout: 4000 });
  expect(alert).toHaveTextContent('DeskDirector’s answer from “Portal find my tickets” does not match this service’s instance profile at results.');
  expect(alert).toHaveTextContent('fields.results in the instance profile');
  expect(screen.queryByRole('list', { name: 'Tickets' })).not.toBeInTheDocument();

  broken = false;
  await user.click(within(alert).getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('list', { name: 'Tickets' })).toBeInTheDocument();
  expect(ticketNumbers()).toHaveLength(6);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  // Who is signed in arrives with the list, so it follows the retry too.
  expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as Alice Nguyen');
});

test('no wasted requests: one per screen, one per pause in typing, none on focus or going back', async () => {
  const pageCalls = recordPageCalls();
  const user = userEvent.setup();
  await openAsTech();
  // The first screen: the list (with who is asking and the badges) and the unsent draft, once each.
  expect(pageCalls.sort()).toEqual(['GET /api/drafts/latest', 'GET /api/tickets?page=0&search=']);

  pageCalls.length = 0;
  await user.type(screen.getByRole('searchbox', { name: 'Filter tickets' }), 'Carmen');
  await waitFor(() => expect(ticketNumbers()).toEqual([5011, 5010]));
  expect(pageCalls).toEqual(['GET /api/tickets?page=0&search=Carmen']);

  pageCalls.length = 0;
  window.dispatchEvent(new Event('focus'));
  document.dispatchEvent(new Event('visibilitychange'));
  await user.clear(screen.getByRole('searchbox', { name: 'Filter tickets' }));
  await waitFor(() => expect(ticketNumbers()).toHaveLength(10));
  // Back to the unfiltered list: still fresh, so no request at all.
  await new Promise((r) => setTimeout(r, FILTER_DELAY_MS + 50));
  expect(pageCalls).toEqual([]);
});

test('with the first screen already in the page, the list is drawn without asking for it', async () => {
  const token = up.dd.mint('contact:101');
  const headers = { authorization: `DdAccessToken ${token}`, 'x-dd-host': DD_HOST };
  const proxy = up.proxy.app;
  const [tickets, latestDraft] = await Promise.all(
    ['/api/tickets?page=0&search=', '/api/drafts/latest'].map(async (path) => (await proxy.request(path, { headers })).json()),
  );
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = FIRST_SCREEN_ID;
  block.textContent = JSON.stringify({ host: DD_HOST, app: 'portal', tickets, latestDraft });
  document.body.append(block);

  const pageCalls = recordPageCalls();
  openApp({ query: launchQuery(token) });
  await screen.findByRole('list', { name: 'Tickets' });
  expect(ticketNumbers()).toEqual([5006, 5005, 5004, 5003, 5002, 5001]);
  expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as Alice Nguyen');
  // The data block held ticket data: it is gone from the document once read.
  expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
  await new Promise((r) => setTimeout(r, 100));
  expect(pageCalls).toEqual([]);
});

test('after a question is sent: its ticket and the list are asked for once more, the drafts not at all', async () => {
  const user = userEvent.setup();
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Teams camera is black in meetings');
  const pageCalls = recordPageCalls();
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  await screen.findByText('Sent to Directly’s experts.');
  await user.click(screen.getByRole('button', { name: 'Back to tickets' }));
  const row = await screen.findByRole('button', { name: /Teams camera is black/ });
  await waitFor(() => expect(row).toHaveTextContent('With experts'));
  await new Promise((r) => setTimeout(r, 100));
  expect(pageCalls).toEqual(['POST /api/escalations/5004', 'GET /api/tickets/5004', 'GET /api/tickets?page=0&search=']);
});
