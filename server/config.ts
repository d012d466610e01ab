// The proxy's one configuration: environment variables plus optional JSON files for the
// expert mapping and the instance profile. Parsed once at start; anything wrong stops startup with a list.
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { normalizeHost } from '../common/deskdirector.ts';
import { defaultExpertMapping, expertMappingSchema, type ExpertMapping } from '../common/expert-mapping.ts';
import { brandingOf, brandingSettings, type Branding } from './branding.ts';
import { parseCidr } from './ip.ts';
import { loadProfiles } from './profile/load.ts';
import { defaultProfile, type Profile } from './profile/profile.ts';

export interface Config {
  directlyBaseUrl: string;
  directlyApiToken: string;
  deskDirectorHosts: string[];
  /** Origins allowed to frame the page (CSP frame-ancestors); defaults to the hosts. */
  portalOrigins: string[];
  port: number;
  mapping: ExpertMapping;
  /** Where the embedded database keeps its files; unused when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  directlyTimeoutMs: number;
  deskDirectorTimeoutMs: number;
  /** Built app to serve, if any. */
  staticDir?: string;
  /** DeskDirector API keys (`DdApi`) by instance origin, for the outbox's ticket notes. Secret. */
  deskDirectorApiKeys: ReadonlyMap<string, string>;
  /** Shared secret of DeskDirector's webhook; the webhook endpoint answers 404 without it. Secret. */
  webhookSecret?: string;
  /** Ticket status names (lower-cased) that close the ticket's expert question. */
  closedStatuses: string[];
  /** Requests per minute to /api for one DeskDirector user, and for one client IP (0: no limit). */
  rateLimitPerMinute: number;
  rateLimitPerIpPerMinute: number;
  /**
   * Whose X-Forwarded-For to believe: nobody (false), the connecting peer as our one
   * reverse proxy (true), or the reverse proxies' addresses and CIDR blocks.
   */
  trustProxy: boolean | string[];
  /** Signed webhook deliveries per minute, all senders together (0: no limit). */
  rateLimitWebhookPerMinute: number;
  /** Send a Server-Timing header with each API answer. */
  serverTiming: boolean;
  /** Directly circuit breaker: failures in a row that open it, and how long it stays open. */
  directlyBreaker: { failureThreshold: number; cooldownMs: number };
  /** What each allowed DeskDirector instance is: its paths and field names (DESKDIRECTOR_PROFILE_FILE). */
  profiles: ReadonlyMap<string, Profile>;
  /** The admin's words on the page: an intro line, a help link, what the experts are called. */
  branding: Branding;
}

/** valibot says "Invalid key" both for a missing key and for one a strict object does not know. */
const reason = (i: v.BaseIssue<unknown>) => (!i.message.startsWith('Invalid key') ? i.message : i.input === undefined ? 'is required' : 'is not a setting');
const problemsOf = (issues: readonly v.BaseIssue<unknown>[], prefix = '') => issues.map((i) => `${prefix}${v.getDotPath(i) ?? '(root)'}: ${reason(i)}`);

/** A comma-separated list, each item checked by `item`: every bad item is named. */
const commaList = <T>(item: (entry: string, i: number, add: (m: string) => void) => T | null, empty: string) =>
  v.pipe(
    v.string('is required'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const out: T[] = [];
      let failed = false;
      const add = (message: string) => ((failed = true), addIssue({ message }));
      const entries = dataset.value
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      if (entries.length === 0) add(empty);
      for (const [i, entry] of entries.entries()) {
        const value = item(entry, i, add);
        if (value !== null) out.push(value);
      }
      return failed ? NEVER : out;
    }),
  );

/** `https://host=key,https://host2=key2`. Messages name the host, never the key. */
const apiKeyList = v.pipe(
  commaList<[string, string]>((entry, i, add) => {
    const eq = entry.indexOf('=');
    const host = eq > 0 ? normalizeHost(entry.slice(0, eq).trim()) : null;
    const key = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!host) return (add(`entry ${i + 1} must be "https://host=key" with an http(s) URL before the "="`), null);
    if (!/^[\x21-\x7e]{8,512}$/.test(key)) return (add(`the key for ${host} must be 8 to 512 visible characters`), null);
    return [host, key];
  }, 'must list at least one "https://host=key"'),
  v.check((pairs) => new Set(pairs.map(([h]) => h)).size === pairs.length, 'lists one host twice'),
  v.transform((pairs): ReadonlyMap<string, string> => new Map(pairs)),
);

const urlList = commaList(
  (h, _i, add) => normalizeHost(h) ?? (add(`"${h}" is not an http(s) URL`), null),
  'must list at least one DeskDirector URL, comma-separated',
);

const whole = (min: number, max: number, fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.transform((x) => (x.trim() === '' ? NaN : Number(x))),
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
const flag = v.pipe(
  v.optional(v.picklist(['true', 'false'], 'must be "true" or "false"'), 'false'),
  v.transform((x) => x === 'true'),
);

const envSchema = v.object({
  DIRECTLY_BASE_URL: v.pipe(
    v.string('is required (e.g. https://yourcompany.directly.com)'),
    v.check((x) => normalizeHost(x) !== null, 'must be an http(s) URL such as https://yourcompany.directly.com'),
  ),
  DIRECTLY_API_TOKEN: v.pipe(
    v.string('is required (Directly admin panel, Helpdesk Integration tab)'),
    v.minLength(16, 'looks too short to be a Directly API token'),
  ),
  DESKDIRECTOR_HOSTS: urlList,
  DESKDIRECTOR_PORTAL_ORIGINS: v.optional(urlList),
  PORT: whole(1, 65535, 8080),
  EXPERT_MAPPING_FILE: v.optional(v.string()),
  DESKDIRECTOR_PROFILE_FILE: v.optional(v.string()),
  DATA_DIR: v.optional(v.string(), 'data/escalations'),
  DATABASE_URL: v.optional(v.string()),
  DIRECTLY_TIMEOUT_MS: whole(100, 120_000, 15_000),
  DESKDIRECTOR_TIMEOUT_MS: whole(100, 120_000, 10_000),
  STATIC_DIR: v.optional(v.string()),
  DESKDIRECTOR_API_KEYS: v.optional(apiKeyList),
  DESKDIRECTOR_WEBHOOK_SECRET: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty (or leave it unset to turn the webhook off)'))),
  RATE_LIMIT_PER_MINUTE: whole(0, 1_000_000, 120),
  RATE_LIMIT_IP_PER_MINUTE: whole(0, 1_000_000, 600),
  TRUST_PROXY: v.pipe(
    v.optional(v.string(), 'false'),
    v.rawTransform(({ dataset, addIssue, NEVER }): boolean | string[] => {
      const raw = dataset.value.trim();
      if (raw === 'false' || raw === 'true') return raw === 'true';
      const list = raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = list.filter((x) => !parseCidr(x));
      if (list.length && !bad.length) return list;
      addIssue({ message: `must be "false", "true" or your reverse proxies' addresses or CIDR blocks, comma-separated (not: ${bad.join(', ') || raw})` });
      return NEVER;
    }),
  ),
  RATE_LIMIT_WEBHOOK_PER_MINUTE: whole(0, 1_000_000, 600),
  SERVER_TIMING: flag,
  DIRECTLY_BREAKER_FAILURES: whole(1, 1_000, 5),
  DIRECTLY_BREAKER_COOLDOWN_MS: whole(1_000, 3_600_000, 30_000),
  ...brandingSettings,
  DESKDIRECTOR_CLOSED_STATUSES: v.pipe(
    v.optional(v.string(), 'Closed,Resolved,Completed'),
    v.transform((raw) =>
      raw
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
    v.minLength(1, 'must list at least one status name, comma-separated'),
  ),
});

/** The instance's profile; hosts without one of their own use the built-in profile. */
export const profileOf = (config: Pick<Config, 'profiles'>, host: string): Profile => config.profiles.get(host) ?? defaultProfile;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>, readFile = (p: string) => readFileSync(p, 'utf8')): ConfigResult {
  // Every variable is looked at, set or not, so a missing one gets its own message.
  const parsed = v.safeParse(envSchema, Object.fromEntries(Object.keys(envSchema.entries).map((k) => [k, env[k]])));
  const problems: string[] = parsed.success ? [] : problemsOf(parsed.issues);
  let mapping = defaultExpertMapping;
  const file = env.EXPERT_MAPPING_FILE;
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(file));
    } catch (e) {
      problems.push(`EXPERT_MAPPING_FILE: cannot read ${file} as JSON (${(e as Error).message})`);
    }
    if (raw !== undefined) {
      const m = v.safeParse(expertMappingSchema, raw);
      if (m.success) {
        mapping = m.output;
        // metadata[X]=v and metadata[X][k]=v cannot both exist on Directly's side: the group would replace the value.
        for (const key of Object.keys(m.output.visible)) {
          if (Object.hasOwn(m.output.hidden, key))
            problems.push(`EXPERT_MAPPING_FILE visible.${key}: "${key}" is also a hidden group; use another name for one of them`);
        }
      } else {
        problems.push(...problemsOf(m.issues, 'EXPERT_MAPPING_FILE '));
      }
    }
  }
  const profiles = parsed.success ? loadProfiles(parsed.output.DESKDIRECTOR_PROFILE_FILE, parsed.output.DESKDIRECTOR_HOSTS, readFile) : null;
  if (profiles) problems.push(...profiles.problems);
  if (parsed.success) {
    // Only the body is signed, not `?host=`: with one secret for several instances, an event
    // signed for one could be replayed against another.
    if (parsed.output.DESKDIRECTOR_WEBHOOK_SECRET && parsed.output.DESKDIRECTOR_HOSTS.length > 1) {
      problems.push(
        'DESKDIRECTOR_WEBHOOK_SECRET: the webhook needs one DeskDirector instance per proxy; with several DESKDIRECTOR_HOSTS, run one proxy per instance for webhooks',
      );
    }
    for (const host of parsed.output.DESKDIRECTOR_API_KEYS?.keys() ?? []) {
      if (!parsed.output.DESKDIRECTOR_HOSTS.includes(host)) problems.push(`DESKDIRECTOR_API_KEYS: ${host} is not in DESKDIRECTOR_HOSTS`);
    }
  }
  if (!parsed.success || !profiles || problems.length > 0) return { ok: false, problems };
  const e = parsed.output;
  return {
    ok: true,
    config: {
      directlyBaseUrl: normalizeHost(e.DIRECTLY_BASE_URL)!,
      directlyApiToken: e.DIRECTLY_API_TOKEN,
      deskDirectorHosts: e.DESKDIRECTOR_HOSTS,
      portalOrigins: e.DESKDIRECTOR_PORTAL_ORIGINS ?? e.DESKDIRECTOR_HOSTS,
      port: e.PORT,
      mapping,
      dataDir: e.DATA_DIR,
      ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
      directlyTimeoutMs: e.DIRECTLY_TIMEOUT_MS,
      deskDirectorTimeoutMs: e.DESKDIRECTOR_TIMEOUT_MS,
      ...(e.STATIC_DIR ? { staticDir: e.STATIC_DIR } : {}),
      deskDirectorApiKeys: e.DESKDIRECTOR_API_KEYS ?? new Map(),
      ...(e.DESKDIRECTOR_WEBHOOK_SECRET ? { webhookSecret: e.DESKDIRECTOR_WEBHOOK_SECRET } : {}),
      closedStatuses: e.DESKDIRECTOR_CLOSED_STATUSES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      rateLimitPerIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      trustProxy: e.TRUST_PROXY,
      rateLimitWebhookPerMinute: e.RATE_LIMIT_WEBHOOK_PER_MINUTE,
      serverTiming: e.SERVER_TIMING,
      profiles: profiles.byHost,
      directlyBreaker: { failureThreshold: e.DIRECTLY_BREAKER_FAILURES, cooldownMs: e.DIRECTLY_BREAKER_COOLDOWN_MS },
      branding: brandingOf(e),
    },
  };
}
