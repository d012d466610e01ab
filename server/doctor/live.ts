import { endpointNames, endpointPath, type EndpointKey, type Profile } from '../profile/profile.ts';
import { createReaders, ShapeMismatch } from '../profile/readers.ts';
import type { Draft } from './draft.ts';
import { failedRow } from './failures.ts';
import type { Probe } from './http.ts';
import { listOf } from './names.ts';
import { createObserver, fieldKeyOf, fieldsFromObserved, keysAt } from './observe.ts';
import { fail, ok, unknown, type Row } from './types.ts';

// With a user's own token: who-am-I, one ticket search and that ticket's details, all
// reads, each answer read by the product's own readers. Requests go to the suggested
// paths with the suggested body names, so a suggestion is tried before it is offered.

type Reader = 'user' | 'ticketPage' | 'ticket';
interface Answered {
  key: EndpointKey;
  reader: Reader;
  json: unknown;
}

const check = (key: EndpointKey) => `Answer: ${endpointNames[key]}`;

/** Reads an answer with a profile; the failure path and what to set, or null when it reads. */
function readProblem(profile: Profile, a: Answered): string | null {
  try {
    createReaders(profile)[a.reader](a.json);
    return null;
  } catch (e) {
    if (!(e instanceof ShapeMismatch)) throw e;
    if (e.path === '(root)') return 'the answer is not an object';
    const key = fieldKeyOf(profile, e.path);
    return `${e.path} is missing or not ${e.message.replace(/^.*?: expected /, '')}; that object has: ${listOf(keysAt(a.json, e.path))}${key ? `. Set fields.${key}` : ''}`;
  }
}

export async function checkWithToken(probe: Probe, host: string, token: string, profile: Profile, draft: Draft): Promise<Row[]> {
  const auth = `DdAccessToken ${token}`;
  const target = draft.profile;
  const url = (key: EndpointKey, id?: number) => `${host}${endpointPath(target, key, id)}`;
  const moved = (key: EndpointKey) => (target.endpoints[key].path !== profile.endpoints[key].path ? ' (at the suggested path)' : '');
  const rows: Row[] = [];
  const answered: Answered[] = [];
  const record = (key: EndpointKey, reader: Reader, json: unknown) => {
    const a = { key, reader, json };
    answered.push(a);
    const problem = readProblem(profile, a);
    const { method, path } = target.endpoints[key];
    rows.push(
      problem
        ? fail(check(key), `${method} ${path}${moved(key)} answered, but ${problem}`)
        : ok(check(key), `answered${moved(key)}; every field the product reads is there`),
    );
  };

  const [portal, tech] = await Promise.all([probe.getJson(url('portalMe'), auth), probe.getJson(url('techMe'), auth)]);
  const app = portal.ok ? 'portal' : tech.ok ? 'tech' : null;
  for (const [key, answer, kind] of [
    ['portalMe', portal, 'Portal'],
    ['techMe', tech, 'TECH'],
  ] as const) {
    if (answer.ok) record(key, 'user', answer.json);
    else if (app && (answer.status === 401 || answer.status === 403)) {
      // The proxy tells TECH users from Portal users by TECH's refusal, so it is a pass.
      const must = key === 'techMe' ? ', as it must' : '';
      rows.push(
        ok(
          check(key),
          `refuses this ${app === 'portal' ? 'Portal' : 'TECH'} user's token (${answer.status})${must}; its fields are checked with a ${kind} user's token`,
        ),
      );
    } else rows.push(failedRow(check(key), 'GET', url(key), answer, 'token', `endpoints.${key}.path`));
  }
  if (!app) return rows;
  if (portal.ok && tech.ok) {
    rows.push(
      unknown(
        'Portal and TECH apart',
        `both who-am-I endpoints accepted this token; the proxy relies on ${target.endpoints.techMe.path} refusing Portal users: run the doctor again with a Portal user's token`,
      ),
    );
  }

  const findKey = app === 'portal' ? 'portalTicketsFind' : 'techTicketsFind';
  const detailKey = app === 'portal' ? 'portalTicket' : 'techTicket';
  const names = target.requests.findTickets;
  const page = await probe.searchOnce(url(findKey), auth, { [names.take]: 5, [names.skip]: 0, [names.openOnly]: true });
  if (!page.ok) rows.push(failedRow(check(findKey), 'POST', url(findKey), page, 'token', `endpoints.${findKey}.path`));
  else {
    record(findKey, 'ticketPage', page.json);
    const first = firstTicketId(page.json, target);
    if (first === null) rows.push(unknown(check(detailKey), 'not checked: the search found no open ticket to read'));
    else {
      const details = await probe.getJson(url(detailKey, first), auth);
      if (details.ok) record(detailKey, 'ticket', details.json);
      else rows.push(failedRow(check(detailKey), 'GET', url(detailKey, first), details, 'token', `endpoints.${detailKey}.path`));
    }
  }
  return [...rows, ...suggestFields(profile, draft, answered)];
}

function firstTicketId(json: unknown, profile: Profile): number | null {
  try {
    return createReaders(profile).ticketPage(json).results[0]?.id ?? null;
  } catch {
    const list = (json as Record<string, unknown> | null)?.results;
    const first = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined;
    const id = profile.fields.id.map((n) => first?.[n]).find((v) => typeof v === 'number');
    return typeof id === 'number' ? id : null;
  }
}

/** Field lists from what the answers contain; a ? row when they fix what the profile could not read. */
function suggestFields(profile: Profile, draft: Draft, answered: Answered[]): Row[] {
  const observer = createObserver(draft.profile);
  for (const a of answered) observer[a.reader](a.json);
  const fields = fieldsFromObserved(draft.profile.fields, observer.seen);
  for (const [key, names] of Object.entries(fields)) draft.setFields(key as keyof typeof fields, names);
  const failing = answered.filter((a) => readProblem(profile, a));
  if (failing.length === 0) return [];
  const changed = Object.entries(fields).filter(([key, names]) => names.join() !== profile.fields[key as keyof typeof fields].join());
  const stillFailing = failing.filter((a) => readProblem(draft.profile, a));
  if (stillFailing.length || changed.length === 0) return [];
  return [
    unknown(
      'Answer field names (suggestion)',
      `${changed.map(([k, n]) => `fields.${k}: ${JSON.stringify(n)}`).join(', ')}: with them every answer reads; confirm (they are in the suggested profile)`,
    ),
  ];
}
