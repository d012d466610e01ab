import { fieldKeys, type FieldKey, type Profile } from '../profile/profile.ts';
import { fieldSynonyms } from './names.ts';

// Walks real answers the way the readers do, noting which name each field actually has
// (the profile's, or a known alternate), so the suggested profile names what the
// instance sends. Only field names are kept, never values.

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);

export type Observed = Map<FieldKey, string[]>;

export function createObserver(profile: Profile) {
  const seen: Observed = new Map();
  const field = (o: Raw, key: FieldKey): unknown => {
    const name = [...profile.fields[key], ...fieldSynonyms[key]].find((n) => Object.hasOwn(o, n));
    if (name === undefined) return undefined;
    const list = seen.get(key) ?? [];
    if (!list.includes(name)) seen.set(key, [...list, name]);
    return o[name];
  };
  const named = (x: unknown) => {
    if (!isRecord(x)) return;
    field(x, 'id');
    field(x, 'name');
  };
  const user = (raw: unknown) => {
    if (!isRecord(raw)) return;
    for (const key of ['id', 'userName', 'email', 'firstName', 'lastName'] as const) field(raw, key);
    named(field(raw, 'company'));
  };
  const ticket = (raw: unknown) => {
    if (!isRecord(raw)) return;
    for (const key of ['id', 'summary', 'description', 'isClosed', 'createdOn', 'updatedOn'] as const) field(raw, key);
    for (const key of ['status', 'board', 'priority', 'type', 'company'] as const) named(field(raw, key));
    const contact = field(raw, 'contact');
    if (isRecord(contact)) for (const key of ['id', 'name', 'email'] as const) field(contact, key);
  };
  const ticketPage = (raw: unknown) => {
    if (!isRecord(raw)) return;
    const list = field(raw, 'results');
    if (Array.isArray(list)) list.slice(0, 50).forEach(ticket);
    field(raw, 'total');
  };
  return { user, ticket, ticketPage, seen };
}

/**
 * Field lists that name what was seen first, keeping the other names: one run sees only
 * some answers (a TECH user has no company), and one key serves several objects (a user's
 * `company`, a ticket's `account`), so a name not seen is not a name never sent.
 */
export function fieldsFromObserved(current: Profile['fields'], seen: Observed): Partial<Record<FieldKey, string[]>> {
  const out: Partial<Record<FieldKey, string[]>> = {};
  for (const key of fieldKeys) {
    const names = seen.get(key);
    if (!names?.length) continue;
    const list = [...names, ...current[key].filter((n) => !names.includes(n))];
    if (list.join() !== current[key].join()) out[key] = list;
  }
  return out;
}

/** The profile field a reader's failure path ends in (`results[0].contact.id|entityId` → id). */
export function fieldKeyOf(profile: Profile, path: string): FieldKey | undefined {
  const last = path
    .split('.')
    .pop()
    ?.replace(/\[\d+\]$/, '');
  return fieldKeys.find((k) => profile.fields[k].join('|') === last);
}

/** The keys of the object holding the failed field, following the reader's path; never values. */
export function keysAt(raw: unknown, path: string): string[] {
  const parts = path.split('.').slice(0, -1);
  let at: unknown = raw;
  for (const part of parts) {
    const m = /^(.*?)(?:\[(\d+)\])?$/.exec(part)!;
    if (!isRecord(at)) return [];
    const rec: Raw = at;
    const name = m[1]!.split('|').find((n) => rec[n] !== undefined && rec[n] !== null);
    at = name === undefined ? undefined : rec[name];
    if (m[2] !== undefined) at = Array.isArray(at) ? at[Number(m[2])] : undefined;
  }
  return isRecord(at) ? Object.keys(at) : Array.isArray(at) ? ['(a list)'] : [];
}
