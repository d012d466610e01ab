import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { launchQuery, openApp, useUpstreams } from '../support/render-app.tsx';

const up = useUpstreams();

test('portal user escalates a ticket and sees the link', async () => {
  const user = userEvent.setup();
  openApp({ query: launchQuery(up.dd.mint('contact:101')) });
  expect(window.location.search).toBe('');
  await user.click(await screen.findByRole('button', { name: /Outlook keeps asking/ }));
  await user.click(await screen.findByRole('button', { name: 'Send to experts' }));
  const link = await screen.findByRole('link', { name: /directly\.test\/p\// });
  expect(link).toHaveAttribute('href', up.directly.questions[0]!.url);
});
