// `ticket=<id>` on the menu URL opens that ticket's form at once, skipping the list.
import { screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';

const up = useUpstreams();

test('a link naming a ticket opens its form at once, and the ticket number leaves the address bar with the token', async () => {
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { ticket: '5001' }) });
  expect(await screen.findByRole('heading', { name: 'Ask Directly’s experts' })).toBeInTheDocument();
  expect(screen.getByRole('heading', { name: /Outlook keeps asking for my password/ })).toBeInTheDocument();
  expect(window.location.search).toBe('');
});

test('a ticket the caller cannot see gets the same refusal as any refused ticket', async () => {
  openApp({ query: launchQuery(up.dd.mint('contact:101'), { ticket: '5010' }) });
  expect(await screen.findByText(/DeskDirector does not show you this ticket/)).toBeInTheDocument();
  expect(screen.queryByRole('heading', { name: 'Ask Directly’s experts' })).not.toBeInTheDocument();
});

test('a ticket that is not a number gets a clear message, and nothing is read', async () => {
  const before = [...up.dd.calls.values()].reduce((a, b) => a + b, 0);
  openApp({ query: launchQuery(up.dd.mint('member:9001'), { ticket: '{TicketId}', dd_app: 'tech' }) });
  expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('This link does not name a ticket');
  expect(screen.getByText(/must end with ticket= followed by the ticket number/)).toBeInTheDocument();
  expect([...up.dd.calls.values()].reduce((a, b) => a + b, 0)).toBe(before);
});
