// The simulators behind MSW: tests and the demo share one truth about DeskDirector and
// Directly. Each test file gets fresh simulators (fresh tickets, questions, counters).
import { http, type HttpHandler } from 'msw';
import { createDeskDirectorSim, type DeskDirectorSim } from '../../sim/deskdirector/app.ts';
import { createDirectlySim, type DirectlySim } from '../../sim/directly/app.ts';

export const DD_HOST = 'http://dd.test';
export const OTHER_DD_HOST = 'http://other-dd.test';
export const DIRECTLY_URL = 'http://directly.test';
export const APP_ORIGIN = 'http://localhost:3000';
export const TEST_DIRECTLY_TOKEN = 'test-directly-token-not-a-secret';
/** The simulated instance's Developer Corner API key (`DdApi`), for the outbox's notes. */
export const TEST_DD_API_KEY = 'test-dd-api-key-not-a-secret';
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-not-a-secret';
/** Where the simulated instance's webhook points; a test routes it to its proxy app with MSW. */
export const PROXY_URL = 'http://proxy.test';
export const WEBHOOK_URL = `${PROXY_URL}/api/webhooks/deskdirector?host=${encodeURIComponent(DD_HOST)}`;

export interface Upstreams {
  dd: DeskDirectorSim;
  otherDd: DeskDirectorSim;
  directly: DirectlySim;
  handlers: HttpHandler[];
}

export function createUpstreams(): Upstreams {
  const dd = createDeskDirectorSim({
    origin: DD_HOST,
    corsOrigins: [APP_ORIGIN],
    apiKey: TEST_DD_API_KEY,
    webhook: { url: WEBHOOK_URL, secret: TEST_WEBHOOK_SECRET },
  });
  // A second instance with its own signing key: its tokens mean nothing to the first.
  const otherDd = createDeskDirectorSim({ origin: OTHER_DD_HOST, corsOrigins: [APP_ORIGIN], tokenSecret: 'another-instance-key' });
  const directly = createDirectlySim({ apiToken: TEST_DIRECTLY_TOKEN, origin: DIRECTLY_URL });
  const handlers = [
    http.all(`${DD_HOST}/*`, ({ request }) => dd.app.fetch(request)),
    http.all(`${OTHER_DD_HOST}/*`, ({ request }) => otherDd.app.fetch(request)),
    http.all(`${DIRECTLY_URL}/*`, ({ request }) => directly.app.fetch(request)),
  ];
  return { dd, otherDd, directly, handlers };
}
