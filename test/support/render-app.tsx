// Opens the app the way DeskDirector does: a URL with access_token and host, the proxy's
// config in a meta tag, and then the same boot, start and render as main.tsx.
import { render } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { pageConfigOf } from '../../server/page.ts';
import { App } from '../../src/app/app.tsx';
import { boot } from '../../src/app/boot.ts';
import { sendFirstReads, startSession } from '../../src/app/start-session.ts';
import { createTestProxy, testConfig } from './proxy.ts';
import { APP_ORIGIN, createUpstreams, DD_HOST } from './upstreams.ts';

/** Real simulators and a real proxy behind MSW, fresh for each test file. */
export function useUpstreams() {
  const up = createUpstreams();
  const proxy = createTestProxy();
  const server = setupServer(
    ...up.handlers,
    http.all(`${APP_ORIGIN}/api/*`, async ({ request }) => (await proxy).app.fetch(request)),
  );
  beforeAll(async () => {
    await proxy;
    server.listen({ onUnhandledFrame: 'error' });
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return { ...up, server, proxy };
}

export function openApp(opts: { query: string; hosts?: string[] }) {
  const meta = document.createElement('meta');
  meta.name = 'dd-directly-config';
  // What the proxy writes into index.html, from the same configuration the test proxy runs on.
  const proxyConfig = testConfig();
  meta.content = JSON.stringify(pageConfigOf({ ...proxyConfig, deskDirectorHosts: opts.hosts ?? proxyConfig.deskDirectorHosts }));
  document.head.append(meta);
  window.history.replaceState(null, '', `/${opts.query}`);
  // What main.tsx does.
  const started = startSession(boot(window));
  sendFirstReads(started);
  return render(<App started={started} />);
}

export function launchQuery(token: string, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ access_token: token, host: DD_HOST, ...extra })}`;
}
