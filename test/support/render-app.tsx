// Opens the app the way DeskDirector does: a URL with access_token and host, the proxy's
// config in a meta tag, and then the same boot, start and render as main.tsx.
import { cleanup, render } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { pageConfigOf } from '../../server/routes/page.ts';
import { App } from '../../src/app/app.tsx';
import { boot } from '../../src/app/boot.ts';
import { sendFirstReads, startSession } from '../../src/app/start-session.ts';
import { PAGE_CONFIG_META } from '../../common/contract.ts';
import { emptyLedger, openTestLedger } from './ledger.ts';
import { createTestProxy, testConfig } from './proxy.ts';
import { APP_ORIGIN, createUpstreams, DD_HOST, type Upstreams } from './upstreams.ts';

type TestProxy = Awaited<ReturnType<typeof createTestProxy>>;

export interface AppTestbed extends Upstreams {
  server: ReturnType<typeof setupServer>;
  /** The proxy the page talks to, on a ledger emptied before each test. */
  proxy: TestProxy;
}

let current: AppTestbed | undefined;

/**
 * Real simulators and a real proxy behind MSW, fresh for each test. The ledger is one
 * per file, emptied before each test.
 */
export function useUpstreams(): AppTestbed {
  const server = setupServer();
  let db: TestProxy['db'];
  // Filled in before each test; tests read it only inside tests.
  const testbed = { server } as AppTestbed;
  beforeAll(async () => {
    db = await openTestLedger();
    server.listen({ onUnhandledFrame: 'error' });
  });
  beforeEach(async () => {
    Object.assign(testbed, createUpstreams());
    await emptyLedger(db);
    testbed.proxy = await createTestProxy({ db });
    // These become the handlers a test's resetHandlers() returns to.
    server.resetHandlers(
      ...testbed.handlers,
      http.all(`${APP_ORIGIN}/api/*`, ({ request }) => testbed.proxy.app.fetch(request)),
    );
    current = testbed;
  });
  afterAll(async () => {
    server.close();
    await db?.close();
  });
  return testbed;
}

/**
 * Opens the page as a simulated user (`contact:101`; a `member:` opens the technicians'
 * app), or with the exact launch query a test needs.
 */
export function openApp(opts: ({ as: string } | { query: string; hosts?: string[] }) & { env?: Record<string, string> }) {
  const query = 'as' in opts ? launchQuery(upstreams().dd.mint(opts.as), opts.as.startsWith('member:') ? { dd_app: 'tech' } : {}) : opts.query;
  const meta = document.createElement('meta');
  meta.name = PAGE_CONFIG_META;
  // What the proxy writes into index.html, from the same configuration the test proxy runs on.
  const proxyConfig = testConfig(opts.env);
  const hosts = ('hosts' in opts ? opts.hosts : undefined) ?? proxyConfig.deskDirectorHosts;
  meta.content = JSON.stringify(pageConfigOf({ ...proxyConfig, deskDirectorHosts: hosts }));
  document.head.append(meta);
  window.history.replaceState(null, '', `/${query}`);
  const started = startSession(boot(window));
  sendFirstReads(started);
  return render(<App started={started} />);
}

/**
 * What DeskDirector does when the user returns to the menu item: a new page (the tab's
 * sessionStorage stays) and a new token.
 */
export function reopenApp(opts: Parameters<typeof openApp>[0]) {
  closeApp();
  return openApp(opts);
}

/** Unmounts the page and removes what the proxy served it with. */
export function closeApp() {
  cleanup();
  document.head.querySelectorAll(`meta[name="${PAGE_CONFIG_META}"]`).forEach((m) => m.remove());
}

export function launchQuery(token: string, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ access_token: token, host: DD_HOST, ...extra })}`;
}

function upstreams(): AppTestbed {
  if (!current) throw new Error('openApp({ as }) needs useUpstreams() in the test file');
  return current;
}
