// How the page is opened: each way a launch can be wrong gets its own screen, a session
// that ends midway says so, and the token never outlives the page's memory.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';
import { DD_HOST } from '../support/upstreams.ts';
import { openTicket } from '../support/screen.ts';

const up = useUpstreams();

const ddCalls = () => [...up.dd.calls.values()].reduce((a, b) => a + b, 0);

const screens = {
  noToken: 'Open this page from DeskDirector',
  malformed: 'The sign-in from DeskDirector is not readable',
  hostNotAllowed: 'This DeskDirector instance is not set up for expert help',
  ended: 'Your DeskDirector session has ended',
};

test('without a token the page asks to be opened from DeskDirector, and calls nothing', async () => {
  const before = ddCalls();
  openApp({ query: `?${new URLSearchParams({ host: DD_HOST })}` });
  // The launch screens are a chunk of their own: the page says it is loading until it is in.
  expect(screen.getByText('Loading…')).toBeInTheDocument();
  const heading = await screen.findByRole('heading', { level: 1 });
  expect(heading).toHaveTextContent(screens.noToken);
  await waitFor(() => expect(heading).toHaveFocus());
  expect(screen.getByText(/turn on the "Access Token" query parameter/)).toBeInTheDocument();
  expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
  expect(ddCalls()).toBe(before);
});

test('a token that is not a JWT gets its own screen', async () => {
  const before = ddCalls();
  openApp({ query: launchQuery('not-a-token') });
  expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(screens.malformed);
  expect(screen.queryByRole('heading', { name: screens.noToken })).not.toBeInTheDocument();
  expect(ddCalls()).toBe(before);
});

test('an instance that is not allowed gets its own screen, and its token is never sent anywhere', async () => {
  const seen: string[] = [];
  const onRequest = ({ request }: { request: Request }) => seen.push(request.url);
  up.server.events.on('request:start', onRequest);
  try {
    openApp({ query: launchQuery(up.dd.mint('contact:101'), { host: 'http://evil.test' }) });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(screens.hostNotAllowed);
    expect(screen.getByText(/add this instance URL to DESKDIRECTOR_HOSTS/)).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  } finally {
    up.server.events.removeListener('request:start', onRequest);
  }
});

test('a token about to expire is treated as expired before any call', async () => {
  const before = ddCalls();
  // 10 s left is inside the 30 s safety margin.
  openApp({ query: launchQuery(up.dd.mint('contact:101', 10)) });
  expect(await screen.findByRole('heading', { level: 1, name: screens.ended })).toBeInTheDocument();
  expect(screen.getByText(/Open this page again from the DeskDirector menu/)).toBeInTheDocument();
  expect(ddCalls()).toBe(before);
});

test('a 401 from DeskDirector midway ends the session', async () => {
  up.server.use(http.post(`${DD_HOST}/api/v2/portal/tickets/find`, () => HttpResponse.json({ errorCode: 'Unauthorized' }, { status: 401 })));
  openApp({ as: 'contact:101' });
  expect(await screen.findByRole('heading', { level: 1, name: screens.ended })).toBeInTheDocument();
  expect(screen.queryByRole('heading', { name: 'Ask an expert' })).not.toBeInTheDocument();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('a 401 from the proxy while sending ends the session too', async () => {
  const user = userEvent.setup();
  openApp({ as: 'contact:101' });
  const form = await openTicket(user, 'Printer on 2nd floor prints blank pages');
  up.server.use(
    http.post('http://localhost:3000/api/escalations/:ticketId', () =>
      HttpResponse.json({ error: { code: 'token_expired', message: 'Your DeskDirector session has ended.' } }, { status: 401 }),
    ),
  );
  await user.click(within(form).getByRole('button', { name: 'Send to experts' }));
  expect(await screen.findByRole('heading', { level: 1, name: screens.ended })).toBeInTheDocument();
});

test('the token is out of the address bar before the first network request', async () => {
  const token = up.dd.mint('contact:102');
  const addressAtRequest: string[] = [];
  const onRequest = () => addressAtRequest.push(window.location.href);
  up.server.events.on('request:start', onRequest);
  try {
    openApp({ query: launchQuery(token) });
    await screen.findByRole('button', { name: /OneDrive sync stuck/ });
  } finally {
    up.server.events.removeListener('request:start', onRequest);
  }
  expect(addressAtRequest.length).toBeGreaterThan(0);
  for (const href of addressAtRequest) {
    expect(href).not.toContain('access_token');
    expect(href).not.toContain(token);
  }
});

test('the token leaves the address bar and is stored nowhere', async () => {
  const user = userEvent.setup();
  const token = up.dd.mint('contact:201');
  openApp({ query: launchQuery(token) });
  expect(window.location.search).not.toContain('access_token');
  expect(window.location.href).not.toContain(token);
  expect(window.location.search).toBe('');

  // Use the page so that it has reasons to store things (a draft), then look everywhere.
  const form = await openTicket(user, 'Scanner to email stopped working');
  await user.type(within(form).getByRole('textbox', { name: 'Your question' }), ' It started after the update.');
  expect(sessionStorage.length).toBeGreaterThan(0);
  const stored = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n');
  const payload = token.split('.')[1]!;
  for (const place of [stored(sessionStorage), stored(localStorage), document.cookie, JSON.stringify(window.history.state ?? null)]) {
    expect(place).not.toContain(token);
    expect(place).not.toContain(payload);
  }
});
