import * as v from 'valibot';
import { normalizeHost } from '../../common/deskdirector.ts';
import { defaultProfile, endpointKeys, profileSchema, ticketEndpoints, type Profile } from './profile.ts';

const VAR = 'DESKDIRECTOR_PROFILE_FILE';

const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A file need only name what differs: objects merge key by key, lists and values replace. */
function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, value] of Object.entries(over)) {
    if (k === '__proto__' || k === 'constructor') continue;
    out[k] = k in base ? mergeOver(base[k], value) : value;
  }
  return out;
}

/** Reads one profile file over the built-in default; every problem is named with its place in the file. */
export function parseProfile(text: string, label: string): { profile: Profile } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problems: [`${label}: is not JSON (${(e as Error).message})`] };
  }
  if (!isPlain(raw)) return { problems: [`${label}: must be a JSON object`] };
  // "$comment", "$schema" and the like are notes for people.
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('$')));
  const parsed = v.safeParse(profileSchema, mergeOver(defaultProfile, own));
  if (!parsed.success) {
    return {
      problems: parsed.issues.map(
        (i) => `${label} ${v.getDotPath(i) ?? '(root)'}: ${i.message.startsWith('Invalid key') ? 'is not a profile setting' : i.message}`,
      ),
    };
  }
  const problems: string[] = [];
  for (const key of endpointKeys) {
    const hasTicket = parsed.output.endpoints[key].path.includes('{ticketId}');
    if (ticketEndpoints.has(key) && !hasTicket) problems.push(`${label} endpoints.${key}.path: must contain {ticketId}`);
    if (!ticketEndpoints.has(key) && hasTicket) problems.push(`${label} endpoints.${key}.path: must not contain {ticketId}`);
  }
  return problems.length ? { problems } : { profile: parsed.output };
}

export interface LoadedProfiles {
  /** The profile of each allowed host. */
  byHost: ReadonlyMap<string, Profile>;
  problems: string[];
}

/**
 * `DESKDIRECTOR_PROFILE_FILE` is one path for every instance, or `https://host=path,…`
 * for a profile per instance (hosts not listed keep the built-in one).
 */
export function loadProfiles(setting: string | undefined, hosts: readonly string[], readFile: (path: string) => string): LoadedProfiles {
  const byHost = new Map(hosts.map((h) => [h, defaultProfile] as const));
  const problems: string[] = [];
  const raw = setting?.trim();
  if (!raw) return { byHost, problems };
  const perHost = /^https?:\/\//i.test(raw);
  const entries = perHost
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [raw];
  for (const [i, entry] of entries.entries()) {
    let host: string | null = null;
    let path = entry;
    if (perHost) {
      const eq = entry.lastIndexOf('=');
      host = eq > 0 ? normalizeHost(entry.slice(0, eq).trim()) : null;
      path = eq > 0 ? entry.slice(eq + 1).trim() : '';
      if (!host || !path) {
        problems.push(`${VAR}: entry ${i + 1} must be "https://host=/path/to/profile.json"`);
        continue;
      }
      if (!hosts.includes(host)) {
        problems.push(`${VAR}: ${host} is not in DESKDIRECTOR_HOSTS`);
        continue;
      }
    }
    let text: string;
    try {
      text = readFile(path);
    } catch (e) {
      problems.push(`${VAR}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    const result = parseProfile(text, `${VAR} ${path}`);
    if ('problems' in result) problems.push(...result.problems);
    else for (const h of host ? [host] : hosts) byHost.set(h, result.profile);
  }
  return { byHost, problems };
}
