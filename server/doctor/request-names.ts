import type { EndpointKey, Profile } from '../profile/profile.ts';
import type { Draft } from './draft.ts';
import { bestName, findName, listOf, requestSynonyms, type RequestKey } from './names.ts';
import { pathKey, type Operation } from './openapi.ts';
import { fail, ok, unknown, type Row } from './types.ts';

type Group = keyof Profile['requests'];

/**
 * The body names of one request against the names a schema declares. A name the schema
 * lacks is a ✗; a likely replacement goes into the suggested profile as a ? to confirm.
 */
export function checkBodyNames(opts: {
  group: Group;
  check: string;
  source: string;
  fields: readonly string[];
  profile: Profile;
  draft: Draft;
  severity?: 'fail' | 'unknown';
  note?: string;
}): Row[] {
  const { group, check, source, fields, draft } = opts;
  const names = opts.profile.requests[group] as Record<string, string>;
  const drafted = draft.profile.requests[group] as Record<string, string>;
  const missing = Object.entries(names).filter(([, name]) => !findName(fields, name));
  if (missing.length === 0) return [ok(check, `${listOf(Object.values(names))} are all in ${source}`)];

  const suggestions: string[] = [];
  const byHand: string[] = [];
  for (const [key, name] of missing) {
    const found = bestName(fields, [], requestSynonyms[key as RequestKey] ?? []);
    if (found && found !== name) {
      // Portal and TECH share one set of names: the first schema's suggestion stands.
      if (drafted[key] === name) {
        draft.setRequest(group, key as never, found);
        suggestions.push(`${key} → "${found}"`);
      }
    } else byHand.push(`requests.${group}.${key}`);
  }
  const keys = missing.length === 1 ? `requests.${group}.${missing[0]![0]}` : `requests.${group}.{${missing.map(([key]) => key).join(', ')}}`;
  const bad = opts.severity === 'unknown' ? unknown : fail;
  const rows = [
    bad(
      check,
      `${source} has no ${listOf(missing.map(([, n]) => `"${n}"`))} (it has: ${listOf(fields)}): set ${keys}${byHand.length ? `; nothing there looks like ${listOf(byHand)}, so set it by hand` : ''}${opts.note ?? ''}`,
    ),
  ];
  if (suggestions.length) rows.push(unknown(`${check} (suggestion)`, `${suggestions.join(', ')}: confirm (it is in the suggested profile)`));
  return rows;
}

const requestOf: Array<{ key: EndpointKey; group: Group; check: string }> = [
  { key: 'portalTicketsFind', group: 'findTickets', check: 'Portal find body' },
  { key: 'techTicketsFind', group: 'findTickets', check: 'TECH find body' },
  { key: 'addNote', group: 'addNote', check: 'Note body' },
];

/** The find and note bodies against the request schemas of the Swagger document (at the suggested paths). */
export function checkRequestSchemas(ops: readonly Operation[] | null, profile: Profile, draft: Draft): Row[] {
  const rows: Row[] = [];
  for (const { key, group, check } of requestOf) {
    const { method, path } = draft.profile.endpoints[key];
    const op = ops?.find((o) => o.method === method && pathKey(o.path) === pathKey(path));
    const names = `requests.${group} (${listOf(Object.values(profile.requests[group]))})`;
    if (!op?.bodyFields) {
      const why = !ops
        ? 'no Swagger document'
        : !op
          ? `${method} ${path} is not in the Swagger document`
          : `the Swagger document gives no request schema for ${method} ${path}`;
      rows.push(unknown(check, `${why}: confirm ${names} by hand`));
      continue;
    }
    rows.push(...checkBodyNames({ group, check, source: `the request schema of ${method} ${path}`, fields: op.bodyFields, profile, draft }));
  }
  return rows;
}
