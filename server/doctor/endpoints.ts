import { endpointKeys, endpointNames, type EndpointKey, type Profile } from '../profile/profile.ts';
import type { Draft } from './draft.ts';
import { pathKey, type Operation } from './openapi.ts';
import type { FoundDocuments } from './swagger-find.ts';
import { fail, ok, unknown, type Row } from './types.ts';

// Every endpoint of the profile against the instance's Swagger document; for one that is
// missing, the operation that most looks like it (same method, same shape of parameters,
// the same words: portal/tech, tickets, find/search, me, notes/comments).

const concepts: Record<string, string> = {
  portal: 'portal',
  client: 'portal',
  customer: 'portal',
  tech: 'tech',
  agent: 'tech',
  automate: 'connector',
  connector: 'connector',
  ticket: 'ticket',
  tickets: 'ticket',
  find: 'find',
  search: 'find',
  query: 'find',
  note: 'note',
  notes: 'note',
  comment: 'note',
  comments: 'note',
  me: 'me',
  current: 'me',
  self: 'me',
  whoami: 'me',
  user: 'user',
  users: 'user',
  member: 'user',
  members: 'user',
  contact: 'user',
};
/** A candidate must name exactly these of the profile path's concepts; the rest only rank. */
const decisive = new Set(['portal', 'tech', 'connector', 'ticket', 'find', 'note']);

function words(path: string): string[] {
  return path
    .replace(/\{[^}]*\}/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .flatMap((w) => w.split(/(?<=[a-z])(?=[A-Z])/))
    .map((w) => w.toLowerCase())
    .filter((w) => w && w !== 'api' && !/^v\d+$/.test(w));
}
const conceptsOf = (path: string) => new Set(words(path).map((w) => concepts[w] ?? w));
const shape = (path: string) => `${(path.match(/\{[^}]*\}/g) ?? []).length}:${/\}\/?$/.test(path)}`;

export function candidateFor(wanted: { method: string; path: string }, ops: readonly Operation[], taken: ReadonlySet<string>): Operation | undefined {
  const want = conceptsOf(wanted.path);
  const wantDecisive = [...want]
    .filter((c) => decisive.has(c))
    .sort()
    .join();
  const weak = [...want].filter((c) => !decisive.has(c));
  let best: { op: Operation; score: number } | undefined;
  for (const op of ops) {
    if (op.method !== wanted.method || shape(op.path) !== shape(wanted.path) || taken.has(`${op.method} ${pathKey(op.path)}`)) continue;
    const have = conceptsOf(op.path);
    if (
      [...have]
        .filter((c) => decisive.has(c))
        .sort()
        .join() !== wantDecisive
    )
      continue;
    const shared = weak.filter((c) => have.has(c)).length;
    if (weak.length && !shared) continue;
    const score = shared * 10 - [...have].filter((c) => !want.has(c)).length;
    if (!best || score > best.score) best = { op, score };
  }
  return best?.op;
}

/** Endpoints the product calls only in one mode: missing ones are a ✗ only in that mode. */
const connectorReads: ReadonlySet<EndpointKey> = new Set(['connectorTicketsFind', 'connectorTicket']);

export function checkEndpoints(docs: FoundDocuments, host: string, profile: Profile, draft: Draft): Row[] {
  const rows: Row[] = [];
  if (docs.found.length === 0) {
    const telling = docs.misses.filter((m) => !/answered 404/.test(m.problem)).slice(0, 3);
    const why = telling.length ? `; ${telling.map((m) => `${m.url} ${m.problem}`).join('; ')}` : ' (every place answered 404)';
    rows.push(
      unknown(
        'Swagger document',
        `none found at the Swagger UI page (/swagger) or ${docs.misses.length} usual locations${why}. Open ${host}/swagger in a browser; if it needs the API key, set DESKDIRECTOR_API_KEYS. Paths are not checked`,
      ),
    );
    for (const key of endpointKeys)
      rows.push(unknown(endpointNames[key], `${profile.endpoints[key].method} ${profile.endpoints[key].path} not checked (no Swagger document)`));
    return rows;
  }
  const ops = docs.found.flatMap((d) => d.operations);
  const where = docs.found.map((d) => `${new URL(d.url).pathname}${d.withKey ? ' (with the API key)' : ''}`).join(', ');
  rows.push(ok('Swagger document', `${where}: ${ops.length} operations`));

  const has = (method: string, path: string) => ops.some((op) => op.method === method && pathKey(op.path) === pathKey(path));
  const taken = new Set(
    endpointKeys
      .map((k) => profile.endpoints[k])
      .filter((e) => has(e.method, e.path))
      .map((e) => `${e.method} ${pathKey(e.path)}`),
  );
  for (const key of endpointKeys) {
    const { method, path } = profile.endpoints[key];
    const name = endpointNames[key];
    const at = `${method} ${path}`;
    if (has(method, path)) {
      rows.push(ok(name, `${at} is in the Swagger document`));
      continue;
    }
    const optional = connectorReads.has(key) && profile.ticketReads !== 'connector';
    const bad = optional ? unknown : fail;
    const otherMethod = ops.find((op) => pathKey(op.path) === pathKey(path));
    const because = optional ? ' (used only when ticketReads is "connector")' : '';
    if (otherMethod && (otherMethod.method === 'GET' || otherMethod.method === 'POST')) {
      rows.push(bad(name, `${path} is in the Swagger document as ${otherMethod.method}, not ${method}: set endpoints.${key}.method${because}`));
      continue;
    }
    const candidate = candidateFor({ method, path }, ops, taken);
    if (!candidate) {
      rows.push(
        bad(name, `${at} is not in the Swagger document, and nothing there looks like it: find it at ${host}/swagger and set endpoints.${key}.path${because}`),
      );
      continue;
    }
    rows.push(bad(name, `${at} is not in the Swagger document: set endpoints.${key}.path${because}`));
    // Same shape, so at most the one ticket placeholder; the product fills in `{ticketId}` by that name.
    const suggested = path.includes('{ticketId}') ? candidate.path.replace(/\{[^}]*\}/, '{ticketId}') : candidate.path;
    draft.setPath(key, method, suggested);
    taken.add(`${method} ${pathKey(candidate.path)}`);
    rows.push(
      unknown(`${name} (suggestion)`, `${method} ${suggested} looks like it: confirm, then keep it in endpoints.${key}.path (it is in the suggested profile)`),
    );
  }
  return rows;
}
