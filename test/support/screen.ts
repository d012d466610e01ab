// Reading what the page shows, and holding an upstream call open so an in-between
// state can be seen.
import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { DIRECTLY_URL } from './upstreams.ts';

/** Opens a ticket from the list by the words of its summary. */
export async function openTicket(user: UserEvent, summary: string | RegExp) {
  await user.click(await screen.findByRole('button', { name: summary instanceof RegExp ? summary : new RegExp(escapeRegExp(summary)) }));
  return screen.findByRole('form', { name: 'Ask Directly’s experts' }, { timeout: 3000 });
}

/** The term/definition pairs a container shows, in reading order. */
export function definitions(container: HTMLElement): Array<[string, string]> {
  const terms = within(container).queryAllByRole('term');
  const values = within(container).queryAllByRole('definition');
  if (terms.length !== values.length) throw new Error(`${terms.length} terms but ${values.length} definitions`);
  return terms.map((t, i) => [t.textContent ?? '', values[i]!.textContent ?? '']);
}

/**
 * The preview's parts: what experts see, and (technicians only) what goes to Directly
 * hidden from them. Both are folded; open them with user.click on their summaries.
 */
export function readPreview() {
  const region = screen.getByRole('region', { name: 'What experts will see' });
  const hiddenGroup = within(region).queryByText('Also sent to Directly, not shown to experts')?.closest('details') ?? null;
  const hidden = hiddenGroup ? definitions(hiddenGroup) : [];
  const all = definitions(region);
  const visible = all.slice(0, all.length - hidden.length);
  const card = region.querySelector<HTMLElement>('.preview-card')!;
  return { region, card, hiddenGroup, visible, hidden };
}

/**
 * Holds Directly's saveQuestion until release() is called, then lets the simulator answer.
 * The proxy gives Directly 500 ms in tests, so release promptly.
 */
export function holdSaveQuestion(server: SetupServer, directlyApp: { fetch: (r: Request) => Response | Promise<Response> }) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, async ({ request }) => {
      await gate;
      return directlyApp.fetch(request);
    }),
  );
  return release;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
