// The simulators behind MSW: tests and the demo share one truth about DeskDirector and
// Directly. Each test file gets fresh simulators (fresh tickets, questions, counters).
import { readFileSync } from 'node:fs';
import { http, type HttpHandler } from 'msw';
import { parseProfile } from '../../server/profile/load.ts';
import { defaultProfile, endpointPath, type EndpointKey, type Profile } from '../../server/profile/profile.ts';
import type { DdTicket } from '../../common/deskdirector.ts';
import { createDeskDirectorSim, type DeskDirectorSim } from '../../sim/deskdirector/app.ts';
import { createDirectlySim, type DirectlySim } from '../../sim/directly/app.ts';
import { VARIANT_PROFILE_FILE } from '../../sim/deskdirector/variant-profile.ts';

/**
 * With TEST_DD_DIALECT=variant the simulated instance speaks the variant dialect and the
 * proxy reads it through the committed profile file: the same tests, another instance.
 */
export const DD_DIALECT = process.env.TEST_DD_DIALECT === 'variant' ? 'variant' : 'standard';
/** The proxy settings that come with the dialect. */
export const DD_ENV: Record<string, string> = DD_DIALECT === 'variant' ? { DESKDIRECTOR_PROFILE_FILE: VARIANT_PROFILE_FILE } : {};
/** The profile the proxy reads the simulated instance with. */
export const DD_PROFILE: Profile = DD_DIALECT === 'variant' ? loadVariantProfile() : defaultProfile;

/** The simulated instance's URL for an endpoint; an MSW pattern (`:ticketId`) when no ticket is named. */
export function ddUrl(key: EndpointKey, ticketId?: number): string {
  const path = ticketId === undefined ? DD_PROFILE.endpoints[key].path.replace('{ticketId}', ':ticketId') : endpointPath(DD_PROFILE, key, ticketId);
  return `${DD_HOST}${path}`;
}

/** Whether a request path is the endpoint's, for any ticket. */
export function isEndpoint(key: EndpointKey, pathname: string): boolean {
  const template = DD_PROFILE.endpoints[key].path;
  const [head = '', tail] = template.split('{ticketId}');
  if (tail === undefined) return pathname === template;
  return pathname.startsWith(head) && pathname.endsWith(tail) && /^\d+$/.test(pathname.slice(head.length, pathname.length - tail.length));
}

/** A simulated ticket as the proxy answers it: the variant's tickets carry no contact email. */
export function asAnswered(t: DdTicket): DdTicket {
  return DD_DIALECT === 'variant' ? { ...t, contact: { ...t.contact, email: null } } : t;
}

function loadVariantProfile(): Profile {
  const result = parseProfile(readFileSync(VARIANT_PROFILE_FILE, 'utf8'), VARIANT_PROFILE_FILE);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.profile;
}

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
    dialect: DD_DIALECT,
  });
  // A second instance with its own signing key: its tokens mean nothing to the first. It
  // speaks the same dialect, as DD_ENV's one profile file is for every instance.
  const otherDd = createDeskDirectorSim({ origin: OTHER_DD_HOST, corsOrigins: [APP_ORIGIN], tokenSecret: 'another-instance-key', dialect: DD_DIALECT });
  const directly = createDirectlySim({ apiToken: TEST_DIRECTLY_TOKEN, origin: DIRECTLY_URL });
  const handlers = [
    http.all(`${DD_HOST}/*`, ({ request }) => dd.app.fetch(request)),
    http.all(`${OTHER_DD_HOST}/*`, ({ request }) => otherDd.app.fetch(request)),
    http.all(`${DIRECTLY_URL}/*`, ({ request }) => directly.app.fetch(request)),
  ];
  return { dd, otherDd, directly, handlers };
}
