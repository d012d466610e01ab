// The proxy's one configuration: environment variables plus an optional JSON file for
// the expert mapping. Parsed once at start; anything wrong stops startup with a list.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { normalizeHost } from '../common/deskdirector-api.ts';
import { defaultExpertMapping, type ExpertMapping } from '../common/escalation.ts';
import { expertMappingSchema } from './schemas.ts';

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
  /** Read the client IP from X-Forwarded-For (the last hop, added by our own reverse proxy). */
  trustProxy: boolean;
  /** Send a Server-Timing header with each API answer. */
  serverTiming: boolean;
  /** Directly circuit breaker: failures in a row that open it, and how long it stays open. */
  directlyBreaker: { failureThreshold: number; cooldownMs: number };
}

/** `https://host=key,https://host2=key2`. Messages name the host, never the key. */
const apiKeyList = z.string().transform((raw, ctx) => {
  const keys = new Map<string, string>();
  for (const [i, entry] of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .entries()) {
    const eq = entry.indexOf('=');
    const host = eq > 0 ? normalizeHost(entry.slice(0, eq).trim()) : null;
    const key = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!host) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} must be "https://host=key" with an http(s) URL before the "="` });
    else if (!/^[\x21-\x7e]{8,512}$/.test(key)) ctx.addIssue({ code: 'custom', message: `the key for ${host} must be 8 to 512 visible characters` });
    else if (keys.has(host)) ctx.addIssue({ code: 'custom', message: `${host} is listed twice` });
    else keys.set(host, key);
  }
  return keys;
});

const urlList = z.string({ error: 'is required' }).transform((raw, ctx) => {
  const hosts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hosts.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one DeskDirector URL, comma-separated' });
  const out: string[] = [];
  for (const h of hosts) {
    const origin = normalizeHost(h);
    if (!origin) ctx.addIssue({ code: 'custom', message: `"${h}" is not an http(s) URL` });
    else out.push(origin);
  }
  return out;
});

const envSchema = z.object({
  DIRECTLY_BASE_URL: z
    .string({ error: 'is required (e.g. https://yourcompany.directly.com)' })
    .refine((v) => normalizeHost(v) !== null, 'must be an http(s) URL such as https://yourcompany.directly.com'),
  DIRECTLY_API_TOKEN: z.string({ error: 'is required (Directly admin panel, Helpdesk Integration tab)' }).min(16, 'looks too short to be a Directly API token'),
  DESKDIRECTOR_HOSTS: urlList,
  DESKDIRECTOR_PORTAL_ORIGINS: urlList.optional(),
  PORT: z.coerce.number({ error: 'must be a number' }).int().min(1).max(65535).default(8080),
  EXPERT_MAPPING_FILE: z.string().optional(),
  DATA_DIR: z.string().default('data/escalations'),
  DATABASE_URL: z.string().optional(),
  DIRECTLY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  DESKDIRECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  STATIC_DIR: z.string().optional(),
  DESKDIRECTOR_API_KEYS: apiKeyList.optional(),
  DESKDIRECTOR_WEBHOOK_SECRET: z.string().trim().min(1, 'must not be empty (or leave it unset to turn the webhook off)').optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(0).max(1_000_000).default(120),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(0).max(1_000_000).default(600),
  TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false'),
  SERVER_TIMING: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false'),
  DIRECTLY_BREAKER_FAILURES: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1_000).default(5),
  DIRECTLY_BREAKER_COOLDOWN_MS: z.coerce.number({ error: 'must be a number' }).int().min(1_000).max(3_600_000).default(30_000),
  DESKDIRECTOR_CLOSED_STATUSES: z
    .string()
    .default('Closed,Resolved,Completed')
    .transform((raw, ctx) => {
      const names = raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one status name, comma-separated' });
      return names;
    }),
});

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>, readFile = (p: string) => readFileSync(p, 'utf8')): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
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
      const m = expertMappingSchema.safeParse(raw);
      if (m.success) {
        mapping = m.data;
        // metadata[X]=v and metadata[X][k]=v cannot both exist on Directly's side: the group would replace the value.
        for (const key of Object.keys(m.data.visible)) {
          if (Object.hasOwn(m.data.hidden, key))
            problems.push(`EXPERT_MAPPING_FILE visible.${key}: "${key}" is also a hidden group; use another name for one of them`);
        }
      } else {
        for (const issue of m.error.issues) {
          // A bad record key hides the key schema's own reason one level down.
          const message = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
          problems.push(`EXPERT_MAPPING_FILE ${issue.path.join('.') || '(root)'}: ${message}`);
        }
      }
    }
  }
  if (parsed.success) {
    // Only the body is signed, not `?host=`: with one secret for several instances, an event
    // signed for one could be replayed against another.
    if (parsed.data.DESKDIRECTOR_WEBHOOK_SECRET && parsed.data.DESKDIRECTOR_HOSTS.length > 1) {
      problems.push(
        'DESKDIRECTOR_WEBHOOK_SECRET: the webhook needs one DeskDirector instance per proxy; with several DESKDIRECTOR_HOSTS, run one proxy per instance for webhooks',
      );
    }
    for (const host of parsed.data.DESKDIRECTOR_API_KEYS?.keys() ?? []) {
      if (!parsed.data.DESKDIRECTOR_HOSTS.includes(host)) problems.push(`DESKDIRECTOR_API_KEYS: ${host} is not in DESKDIRECTOR_HOSTS`);
    }
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
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
      trustProxy: e.TRUST_PROXY === 'true',
      serverTiming: e.SERVER_TIMING === 'true',
      directlyBreaker: { failureThreshold: e.DIRECTLY_BREAKER_FAILURES, cooldownMs: e.DIRECTLY_BREAKER_COOLDOWN_MS },
    },
  };
}
