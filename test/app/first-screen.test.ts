// The first screen written into the page is used only for the launch it was read for,
// and never stays in the DOM (it holds ticket data).
import { afterEach, expect, test } from 'vitest';
import { FIRST_SCREEN_ID } from '../../common/contract.ts';
import { takeFirstScreen } from '../../src/lib/first-screen.ts';
import type { Launch } from '../../src/lib/launch.ts';

const launch: Launch = { token: 't', host: 'http://dd.test', app: 'portal', expiresAt: Date.now() + 3_600_000 };
const user = { id: 101, userName: 'Alice Nguyen', email: 'alice@northwind.example' };
const data = {
  host: 'http://dd.test',
  app: 'portal',
  tickets: { user, tickets: { results: [], totalResults: 0 }, escalations: [] },
  latestDraft: { draft: null },
};

function writeBlock(content: string) {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = FIRST_SCREEN_ID;
  block.textContent = content;
  document.body.append(block);
}
afterEach(() => document.getElementById(FIRST_SCREEN_ID)?.remove());

test('a block for this launch is returned and taken out of the document', () => {
  writeBlock(JSON.stringify(data));
  expect(takeFirstScreen(document, launch)?.tickets.user.userName).toBe('Alice Nguyen');
  expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
});

test.each([
  ['another instance', JSON.stringify({ ...data, host: 'http://other-dd.test' })],
  ['the other app', JSON.stringify({ ...data, app: 'tech' })],
  ['a wrong shape', JSON.stringify({ ...data, tickets: { user } })],
  ['not JSON', '{"host":'],
])('a block for %s is ignored, and still taken out', (_, content) => {
  writeBlock(content);
  expect(takeFirstScreen(document, launch)).toBeNull();
  expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
});

test('without a launch (no token, an expired one) the block is dropped unread', () => {
  writeBlock(JSON.stringify(data));
  expect(takeFirstScreen(document, null)).toBeNull();
  expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
});
