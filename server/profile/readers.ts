import type { DdTicket, DdTicketPage, DdUser } from '../../common/deskdirector.ts';
import type { FieldKey, Profile } from './profile.ts';

/** Where an answer stopped matching the profile: a path of field names, never a value. */
export class ShapeMismatch extends Error {
  override name = 'ShapeMismatch';
  readonly path: string;
  /** The profile setting that names the field (`fields.<key>`), when one does. */
  readonly fieldKey: FieldKey | undefined;
  constructor(path: string, expected: string, fieldKey?: FieldKey) {
    super(`${path || '(root)'}: expected ${expected}`);
    this.path = path || '(root)';
    this.fieldKey = fieldKey;
  }
}

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads DeskDirector answers in the instance's words (the profile's field names, tried in
 * order) into the one shape the rest of the product uses. Only fields the product needs
 * are required; anything else an instance adds is ignored.
 */
export function createReaders(profile: Profile) {
  const names = profile.fields;
  /** The field's path for messages: `contact.id|entityId`. */
  const at = (base: string, key: FieldKey) => `${base ? `${base}.` : ''}${names[key].join('|')}`;
  const pick = (o: Raw, key: FieldKey): unknown => {
    for (const n of names[key]) if (o[n] !== undefined && o[n] !== null) return o[n];
    return undefined;
  };

  const int = (o: Raw, key: FieldKey, base: string): number => {
    const x = pick(o, key);
    // Ids come as numbers, or as digit strings where an instance serializes them so.
    const n = typeof x === 'string' && /^\d{1,15}$/.test(x) ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new ShapeMismatch(at(base, key), 'a whole number', key);
    return n;
  };
  const str = (o: Raw, key: FieldKey, base: string): string => {
    const x = pick(o, key);
    if (typeof x !== 'string') throw new ShapeMismatch(at(base, key), 'text', key);
    return x;
  };
  const optStr = (o: Raw, key: FieldKey, base: string): string | null => {
    const x = pick(o, key);
    if (x === undefined) return null;
    if (typeof x !== 'string') throw new ShapeMismatch(at(base, key), 'text', key);
    return x;
  };
  const obj = (o: Raw, key: FieldKey, base: string): Raw => {
    const x = pick(o, key);
    if (!isRecord(x)) throw new ShapeMismatch(at(base, key), 'an object', key);
    return x;
  };
  const named = (o: Raw, key: FieldKey, base: string) => {
    const x = obj(o, key, base);
    const path = at(base, key);
    const id = pick(x, 'id') === undefined ? null : int(x, 'id', path);
    return { id, name: str(x, 'name', path) };
  };
  const optNamed = (o: Raw, key: FieldKey, base: string) => (pick(o, key) === undefined ? null : named(o, key, base));

  function user(raw: unknown): DdUser {
    if (!isRecord(raw)) throw new ShapeMismatch('', 'an object');
    const company =
      pick(raw, 'company') === undefined
        ? null
        : (() => {
            const c = named(raw, 'company', '');
            if (c.id === null) throw new ShapeMismatch(`${at('', 'company')}.${names.id.join('|')}`, 'a whole number', 'id');
            return { id: c.id, name: c.name };
          })();
    return {
      id: int(raw, 'id', ''),
      userName: str(raw, 'userName', ''),
      email: optStr(raw, 'email', ''),
      firstName: optStr(raw, 'firstName', ''),
      lastName: optStr(raw, 'lastName', ''),
      company,
    };
  }

  function ticket(raw: unknown, base = ''): DdTicket {
    if (!isRecord(raw)) throw new ShapeMismatch(base, 'an object');
    const contact = obj(raw, 'contact', base);
    const contactPath = at(base, 'contact');
    const closed = pick(raw, 'isClosed');
    if (closed !== undefined && typeof closed !== 'boolean') throw new ShapeMismatch(at(base, 'isClosed'), 'true or false', 'isClosed');
    return {
      id: int(raw, 'id', base),
      summary: str(raw, 'summary', base),
      description: optStr(raw, 'description', base),
      status: named(raw, 'status', base),
      ...(closed === undefined ? {} : { isClosed: closed }),
      board: optNamed(raw, 'board', base),
      priority: optNamed(raw, 'priority', base),
      type: optNamed(raw, 'type', base),
      contact: { id: int(contact, 'id', contactPath), name: str(contact, 'name', contactPath), email: optStr(contact, 'email', contactPath) },
      company: optNamed(raw, 'company', base),
      createdOn: str(raw, 'createdOn', base),
      updatedOn: optStr(raw, 'updatedOn', base),
    };
  }

  function ticketPage(raw: unknown): DdTicketPage {
    if (!isRecord(raw)) throw new ShapeMismatch('', 'an object');
    const list = pick(raw, 'results');
    if (!Array.isArray(list)) throw new ShapeMismatch(at('', 'results'), 'a list', 'results');
    const results = list.map((t, i) => ticket(t, `${at('', 'results')}[${i}]`));
    const total = pick(raw, 'total') === undefined ? results.length : int(raw, 'total', '');
    return { results, totalResults: total };
  }

  /** The note list, read only to look for our marker: an array, or a list object of objects of any shape. */
  function notes(raw: unknown): Raw[] {
    const list = Array.isArray(raw) ? raw : isRecord(raw) ? pick(raw, 'results') : undefined;
    if (!Array.isArray(list) || !list.every(isRecord)) throw new ShapeMismatch(Array.isArray(raw) ? '' : at('', 'results'), 'a list of notes');
    return list.map((n) => Object.fromEntries(Object.entries(n).filter(([k]) => k !== '__proto__')));
  }

  return { user, ticket: (raw: unknown) => ticket(raw), ticketPage, notes };
}
