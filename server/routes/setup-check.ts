// `npm run doctor` for technicians, inside the app: the same read-only checks of the
// caller's instance, with the caller's own token. A run makes a few dozen requests, so
// each instance's last run is answered for a minute unless `?fresh=1` asks again.
import { Hono } from 'hono';
import { countRows, type Row, type SetupCheckReply } from '../../common/setup-check.ts';
import { profileOf } from '../config.ts';
import { requireTech, type CallerChecks } from '../http/caller.ts';
import type { Env } from '../http/env.ts';
import type { Services } from '../services.ts';

export const SETUP_CHECK_TTL_MS = 60_000;

/** The instance's profile as the proxy runs it. */

// The CLI's row names the variable its token came from; here the token is the caller's.
const tokenRow = (row: Row): Row =>
  row.check === 'DESKDIRECTOR_ACCESS_TOKEN'
    ? { status: 'ok', check: 'Access token', detail: "a technician's own token from this app, used for reads only" }
    : row;

/** Every string with each secret cut out: the doctor never prints one, and this answer goes to a browser. */
function withoutSecrets<T>(value: T, secrets: readonly string[]): T {
  const scrub = (x: unknown): unknown => {
    if (typeof x === 'string') return secrets.reduce((s, secret) => s.split(secret).join('[secret]'), x);
    if (Array.isArray(x)) return x.map(scrub);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, scrub(v)]));
    return x;
  };
  return scrub(value) as T;
}

export function setupCheckRoutes({ config }: Services, deps: { callers: CallerChecks; fetch: typeof fetch; now: () => number }) {
  // One run per instance at a time; a finished run is answered until it is a minute old.
  const runs = new Map<string, { reply: Promise<SetupCheckReply>; doneAt: number | null }>();

  async function check(host: string, token: string): Promise<SetupCheckReply> {
    // The doctor (16 modules) is loaded when a technician first asks, not at every start: it stays out of the proxy's memory at rest.
    const [{ runDoctor }, { suggestedProfileFile }] = await Promise.all([import('../doctor/run.ts'), import('../doctor/table.ts')]);
    const apiKey = config.deskDirectorApiKeys.get(host);
    const result = await runDoctor({
      host,
      profile: profileOf(config, host),
      apiKey,
      accessToken: token,
      webhookSecret: config.webhookSecret,
      closedStatuses: config.closedStatuses,
      directly: { baseUrl: config.directlyBaseUrl, apiToken: config.directlyApiToken },
      fetch: deps.fetch,
      timeoutMs: config.deskDirectorTimeoutMs,
    });
    const checkedAt = new Date(deps.now());
    const rows = result.rows.map(tokenRow);
    const reply: SetupCheckReply = {
      checkedAt: checkedAt.toISOString(),
      host,
      rows,
      suggestedProfile: JSON.parse(suggestedProfileFile(result, host, checkedAt)),
      counts: countRows(rows),
    };
    const secrets = [token, apiKey, config.webhookSecret, config.directlyApiToken].filter((s): s is string => Boolean(s));
    return withoutSecrets(reply, secrets);
  }

  return new Hono<Env>().use(requireTech('Only technicians can run the setup check.')).get('/', async (c) => {
    const { host } = c.var.caller;
    const last = runs.get(host);
    const running = last && last.doneAt === null;
    const recent = last && last.doneAt !== null && deps.now() - last.doneAt < SETUP_CHECK_TTL_MS;
    if (last && (running || (recent && c.req.query('fresh') !== '1'))) return c.json(await last.reply);

    const run = { reply: check(host, deps.callers.presentedBy(c).token), doneAt: null as number | null };
    runs.set(host, run);
    run.reply.then(
      () => (run.doneAt = deps.now()),
      () => runs.get(host) === run && runs.delete(host), // a failed run is not remembered
    );
    return c.json(await run.reply);
  });
}
