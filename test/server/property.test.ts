// Property-based tests (fast-check). (a) Whatever a client sends to any proxy route,
// malformed or hostile, the proxy answers below 500, with its request id, and writes
// nothing upstream. (b) saveQuestion's form encoding decodes, the way PHP-style servers
// read `metadata[a][b]`, back to exactly the question; keys with brackets are refused.
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import type { DirectlyQuestion } from '../../common/directly-question.ts';
import { errorBodySchema } from '../../common/error-body.ts';
import { escalateRequestSchema } from '../../common/draft-requests.ts';
import { ticketIdSchema } from '../../common/contract.ts';
import { csvCell } from '../../server/escalations/csv.ts';
import { loadConfig } from '../../server/config.ts';
import { encodeSaveQuestion } from '../../server/upstreams/directly.ts';
import { testConfig, testEnv } from '../support/proxy.ts';
import { DD_HOST, OTHER_DD_HOST, TEST_DD_API_KEY, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';
import { useProxy, type Reply, type Sent } from '../support/proxy-harness.ts';

const h = useProxy({
  config: () =>
    testConfig({
      // No limits here: hundreds of requests come from one user.
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}`,
    }),
});

const RUNS = 300;

// ---------------------------------------------------------------- (a) every route

/** Printable ASCII, the only thing a header value can carry here. */
const headerText = (maxLength = 40) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const tricky = fc.constantFrom(
  '',
  '0',
  '-1',
  '1e3',
  '0x10',
  '1.5',
  ' 1',
  '9007199254740993',
  '99999999999999999999',
  'NaN',
  '..',
  '%',
  '%E0%A4%A',
  '%00',
  '5001%2F..%2F',
  'null',
  '[]',
  '{}',
  ',,,',
  '5001,',
  '5001,abc',
);
const segment = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent), fc.integer({ min: -10, max: 10_000 }).map(String));
const queryValue = fc.oneof(
  tricky,
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.array(fc.integer({ min: -5, max: 6000 }), { maxLength: 120 }).map((a) => a.join(',')),
);
const queryKey = fc.constantFrom('ticketIds', 'state', 'from', 'to', 'company', 'host', 'limit', 'x', '__proto__', 'ticketIds[]');
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

const path = fc.oneof(
  fc.constant('/api/escalations'),
  fc.constant('/api/health'),
  fc.constant('/api/config'),
  fc.constant('/api/drafts/latest'),
  query.map((q) => `/api/escalations?${q}`),
  query.map((q) => `/api/admin/escalations?${q}`),
  query.map((q) => `/api/admin/escalations.csv?${q}`),
  query.map((q) => `/api/webhooks/deskdirector?${q}`),
  segment.map((s) => `/api/escalations/${s}`),
  segment.map((s) => `/api/escalations/${s}/close`),
  segment.map((s) => `/api/escalations/${s}/history`),
  segment.map((s) => `/api/drafts/${s}`),
  fc.tuple(segment, query).map(([s, q]) => `/api/${s}?${q}`),
);

const method = fc.oneof({ arbitrary: fc.constantFrom('GET', 'POST', 'PUT'), weight: 6 }, fc.constantFrom('PATCH', 'DELETE', 'OPTIONS', 'HEAD'));

/** Bodies that look almost right, and plainly wrong ones. */
const nearlyEscalation = fc.record(
  {
    ticketId: fc.oneof(fc.integer({ min: -3, max: 6000 }), fc.double(), fc.string({ maxLength: 6 }), fc.constant(null)),
    subject: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer()),
    text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constant(null)),
    apiToken: fc.string({ maxLength: 10 }),
    __proto__: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  nearlyEscalation.map((o) => JSON.stringify(o)),
  fc.constantFrom('{', '[', '"', '{"ticketId":5001', 'null', 'x'.repeat(70_000), `{"text":"${'y'.repeat(40_000)}"}`),
);

type Who = { kind: 'portal' } | { kind: 'tech' } | { kind: 'other-instance' } | { kind: 'expired' } | { kind: 'raw'; value: string } | { kind: 'none' };
// Weighted so most requests get past authentication and reach the handlers.
const who: fc.Arbitrary<Who> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'portal' as const }), weight: 6 },
  { arbitrary: fc.constant({ kind: 'tech' as const }), weight: 6 },
  fc.constant({ kind: 'other-instance' as const }),
  fc.constant({ kind: 'expired' as const }),
  fc.constant({ kind: 'none' as const }),
  headerText(80).map((value) => ({ kind: 'raw' as const, value })),
  headerText(80).map((value) => ({ kind: 'raw' as const, value: `DdAccessToken ${value}` })),
);

const request = fc.record({
  method,
  path,
  who,
  host: fc.oneof({ arbitrary: fc.constant(DD_HOST), weight: 12 }, fc.constant(OTHER_DD_HOST), fc.constant(null), fc.constant('http://evil.test'), headerText()),
  /** `auto`: the app that issued the token. */
  app: fc.oneof({ arbitrary: fc.constant('auto'), weight: 12 }, fc.constant('portal'), fc.constant('tech'), fc.constant(null), headerText(10)),
  body,
  contentType: fc.oneof(fc.constant('application/json'), fc.constant('application/x-www-form-urlencoded'), fc.constant(undefined), headerText(30)),
  idempotencyKey: fc.option(headerText(220), { nil: undefined }),
  signature: fc.option(
    fc.oneof(
      headerText(80),
      headerText(64).map((s) => `sha256=${s}`),
    ),
    { nil: undefined },
  ),
});

/** Would this request legitimately create a question? Those are not malformed; skip them. */
function isValidEscalation(r: { method: string; path: string; body: string | undefined }): boolean {
  const ticket = /^\/api\/escalations\/([^/?]+)$/.exec(r.path)?.[1];
  if (r.method !== 'POST' || ticket === undefined || !v.safeParse(ticketIdSchema, ticket).success || r.body === undefined) return false;
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    return false;
  }
  return v.safeParse(escalateRequestSchema, json).success;
}

/** Writes: anything to Directly, anything but a GET to DeskDirector, anything anywhere else. */
const upstreamWrites = (sent: Sent[]) => sent.filter((s) => !(s.url.origin === DD_HOST && s.method === 'GET'));

/** Every answer carries its request id; every /api error is the contract's error body with the same id. */
function checkReply(reply: Reply, method: string, path: string) {
  expect(reply.status).toBeLessThan(500);
  const requestId = reply.headers.get('x-request-id');
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  // `/api/..` is `/`: not an API route (the page is served there in production).
  const api = new URL(path, 'http://x').pathname.startsWith('/api/');
  if (api && reply.status >= 400 && method !== 'HEAD') {
    const parsed = v.safeParse(errorBodySchema, reply.json);
    expect(parsed.success, reply.text).toBe(true);
    expect(parsed.success && parsed.output.error.requestId).toBe(requestId);
  }
}

describe('every proxy route, any input', () => {
  test('random and malformed bodies, headers and query strings never give a 5xx or an upstream write', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        fc.pre(!isValidEscalation(r));
        const headers: Record<string, string> = {};
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
        if (r.signature !== undefined) headers['x-dd-signature'] = r.signature;
        if (r.who.kind === 'raw') headers.authorization = r.who.value;
        const token =
          r.who.kind === 'portal'
            ? h.up.dd.mint('contact:101')
            : r.who.kind === 'tech'
              ? h.up.dd.mint('member:9001')
              : r.who.kind === 'other-instance'
                ? h.up.otherDd.mint('contact:101')
                : r.who.kind === 'expired'
                  ? h.up.dd.mint('contact:101', -60)
                  : undefined;
        const hasBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
        const before = h.sent.length;
        const app = r.app === 'auto' ? (r.who.kind === 'tech' ? 'tech' : null) : r.app;
        const reply = await h.call(r.method, r.path, { ...(token ? { token } : {}), host: r.host, app, headers, ...(hasBody ? { body: r.body } : {}) });
        checkReply(reply, r.method, r.path);
        expect(upstreamWrites(h.sent.slice(before))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // Nothing reached the ledger as an escalation or a queued note either.
    const { rows } = await h.db.query<{ n: number | string }>(`select (select count(*) from escalations) + (select count(*) from outbox) as n`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  test('correctly signed webhook deliveries of any shape are acknowledged or refused below 500, closing nothing', async () => {
    const status = fc.oneof(fc.constantFrom('Closed', 'resolved', 'COMPLETED', 'Open', ''), fc.string({ maxLength: 12 }));
    const ticketId = fc.oneof(fc.integer({ min: -2, max: 6000 }), fc.string({ maxLength: 8 }), fc.constant(null));
    const event = fc.oneof(
      fc.record({ ticket: fc.record({ id: ticketId, status: fc.oneof(status, fc.record({ name: status })) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ ticketId, statusName: status }, { requiredKeys: [] }),
      fc.record({ data: fc.record({ entityId: ticketId, status }, { requiredKeys: [] }) }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const payload = fc.oneof(event, fc.array(event, { maxLength: 60 })).map((v) => JSON.stringify(v));
    const hostQuery = fc.oneof(
      fc.constant(''),
      fc.constant(`?host=${encodeURIComponent(DD_HOST)}`),
      fc.constant(`?host=${encodeURIComponent(OTHER_DD_HOST)}`),
      queryValue.map((v) => `?host=${v}`),
    );
    await fc.assert(
      fc.asyncProperty(payload, hostQuery, fc.constantFrom('hex', 'base64', 'base64url'), async (raw, q, encoding) => {
        const signature = `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET)
          .update(raw)
          .digest(encoding as 'hex')}`;
        const before = h.sent.length;
        const reply = await h.call('POST', `/api/webhooks/deskdirector${q}`, {
          host: null,
          body: raw,
          headers: { 'content-type': 'application/json', 'x-dd-signature': signature },
        });
        checkReply(reply, 'POST', '/api/webhooks/deskdirector');
        expect([200, 400]).toContain(reply.status);
        expect(h.sent.slice(before)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------- the CSV export

/** RFC 4180: a quoted cell is unquoted and its doubled quotes halved. */
const unquote = (cell: string) => (cell.startsWith('"') && cell.endsWith('"') && cell.length >= 2 ? cell.slice(1, -1).replace(/""/g, '"') : cell);

describe('csvCell', () => {
  test("no cell starts a formula, and every cell reads back as its value (with a leading ' where one was added)", () => {
    fc.assert(
      fc.property(fc.oneof(anyTextForCsv(), fc.constantFrom('=1+1', '+1', '-1', '@SUM(A1)', '\t=x', '\r=x', '\0=x', '=HYPERLINK("http://x","y")')), (value) => {
        const cell = csvCell(value);
        const read = unquote(cell);
        expect(read).not.toMatch(/^[=+\-@\t\r\0]/);
        expect(read).toBe(/^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value);
        // A cell never leaks a bare separator, quote or line break.
        if (/[",\r\n]/.test(read)) expect(cell.startsWith('"')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

function anyTextForCsv() {
  return fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\0', '"', ',', 'a', ' ', 'é'), maxLength: 12 });
}

// ---------------------------------------------------------------- (b) the form encoding

type Metadata = Map<string, string | Map<string, string>>;

/**
 * Reads a form body the way PHP's parse_str (and Rails, and most form parsers) read
 * `metadata[a]` and `metadata[a][b]`: the name up to the first `[`, then each bracketed
 * segment up to its `]`. A later pair for the same key replaces the earlier one.
 */
function decodeForm(body: string): { fields: Map<string, string>; metadata: Metadata } {
  const fields = new Map<string, string>();
  const metadata: Metadata = new Map();
  for (const [name, value] of new URLSearchParams(body)) {
    const open = name.indexOf('[');
    if (open < 0) {
      fields.set(name, value);
      continue;
    }
    const base = name.slice(0, open);
    const segments: string[] = [];
    let rest = name.slice(open);
    while (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) break;
      segments.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
    }
    if (base !== 'metadata' || rest !== '' || segments.length < 1 || segments.length > 2) throw new Error(`unexpected field ${JSON.stringify(name)}`);
    if (segments.length === 1) metadata.set(segments[0]!, value);
    else {
      const group = metadata.get(segments[0]!);
      const map = group instanceof Map ? group : new Map<string, string>();
      map.set(segments[1]!, value);
      metadata.set(segments[0]!, map);
    }
  }
  return { fields, metadata };
}

/** The question a Directly server reads from the body. */
function decodeSaveQuestion(body: string): DirectlyQuestion {
  const { fields, metadata } = decodeForm(body);
  const known = new Set(['text', 'emailAddress', 'fullname', 'helpDeskId', 'subject', 'questionCategory', 'isEliteOnly']);
  for (const k of fields.keys()) if (!known.has(k)) throw new Error(`unexpected field ${k}`);
  const q: DirectlyQuestion = {
    helpDeskId: fields.get('helpDeskId') ?? '',
    subject: fields.get('subject') ?? '',
    text: fields.get('text') ?? '',
    emailAddress: fields.get('emailAddress') ?? '',
    fullname: fields.get('fullname') ?? '',
    isEliteOnly: fields.get('isEliteOnly') === 'on',
    visible: [...metadata].filter((e): e is [string, string] => typeof e[1] === 'string'),
    hidden: [...metadata].filter((e): e is [string, Map<string, string>] => e[1] instanceof Map).map(([g, m]) => [g, [...m]]),
  };
  const category = fields.get('questionCategory');
  if (category !== undefined) q.questionCategory = category;
  return q;
}

/** Anything a value may hold: form separators, brackets, percent signs, line breaks, any Unicode. */
const specials = fc.constantFrom(
  '&',
  '=',
  '[',
  ']',
  '[]',
  '][',
  '%',
  '%5B',
  '+',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '#',
  '?',
  ';',
  '"',
  "'",
  '\\',
  '€',
  '東京',
  '🚀',
  'é',
  'e\u0301',
  '\u200b',
  '\u0000',
);
const anyText = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }), specials), { maxLength: 8 })
  .map((parts) => parts.join(''));
/** Metadata keys: anything but brackets, 1 to 60 units (the mapping schema's rule). */
const metaKey = anyText.map((s) => s.replace(/[[\]]/g, '')).filter((s) => s.length >= 1 && s.length <= 60);

const question: fc.Arbitrary<DirectlyQuestion> = fc
  .record({
    helpDeskId: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }).map(String), anyText),
    subject: anyText,
    text: anyText,
    emailAddress: anyText,
    fullname: anyText,
    questionCategory: fc.option(
      anyText.filter((s) => s !== ''),
      { nil: undefined },
    ),
    isEliteOnly: fc.boolean(),
    visible: fc.uniqueArray(fc.tuple(metaKey, anyText), { selector: ([k]) => k, maxLength: 6 }),
    hidden: fc.uniqueArray(fc.tuple(metaKey, fc.uniqueArray(fc.tuple(metaKey, anyText), { selector: ([k]) => k, minLength: 1, maxLength: 5 })), {
      selector: ([g]) => g,
      maxLength: 4,
    }),
  })
  // A visible key that is also a hidden group cannot survive parsing; config refuses such a mapping (test below).
  .filter((q) => !q.visible.some(([k]) => q.hidden.some(([g]) => g === k)))
  .map(({ questionCategory, ...rest }) => (questionCategory === undefined ? rest : { ...rest, questionCategory }));

describe('encodeSaveQuestion round trip', () => {
  test('decodes (PHP-style metadata[a][b]) back to exactly the question, for any keys without brackets and any values', () => {
    fc.assert(
      fc.property(question, (q) => {
        expect(decodeSaveQuestion(encodeSaveQuestion(q).toString())).toEqual(q);
      }),
      { numRuns: 300 },
    );
  });

  test('the decoder itself is strict: a bracket in a key would change the nesting', () => {
    const q: DirectlyQuestion = {
      helpDeskId: '1',
      subject: '',
      text: 't',
      emailAddress: 'a@b.c',
      fullname: 'A',
      isEliteOnly: false,
      visible: [['a][b', 'v']],
      hidden: [],
    };
    expect(decodeSaveQuestion(encodeSaveQuestion(q).toString())).not.toEqual(q);
  });
});

describe('metadata keys in the expert mapping', () => {
  const keyWithBracket = fc
    .tuple(metaKey, fc.constantFrom('[', ']', '[]', ']['), fc.nat())
    .map(([k, b, i]) => {
      const at = i % (k.length + 1);
      return `${k.slice(0, at)}${b}${k.slice(at)}`.slice(0, 60);
    })
    .filter((k) => /[[\]]/.test(k));

  // Other files the settings name (the variant's profile) are read from disk.
  const load = (mapping: unknown) =>
    loadConfig({ ...testEnv, EXPERT_MAPPING_FILE: '/m.json' }, (path) => (path === '/m.json' ? JSON.stringify(mapping) : readFileSync(path, 'utf8')));

  test('a key containing [ or ], anywhere in the mapping, is refused by config validation', () => {
    fc.assert(
      fc.property(keyWithBracket, fc.constantFrom('visible', 'group', 'hidden-key'), (key, where) => {
        const mapping =
          where === 'visible'
            ? { visible: { [key]: 'type' }, hidden: {} }
            : where === 'group'
              ? { visible: {}, hidden: { [key]: { Id: 'id' } } }
              : { visible: {}, hidden: { DeskDirector: { [key]: 'id' } } };
        const r = load(mapping);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.problems.join('\n')).toContain('must not contain [ or ]');
      }),
      { numRuns: 200 },
    );
  });

  test('keys without brackets are accepted', () => {
    fc.assert(
      fc.property(metaKey, metaKey, (visible, group) => {
        fc.pre(visible !== group);
        expect(load({ visible: { [visible]: 'type' }, hidden: { [group]: { [visible]: 'id' } } }).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test("a visible key that is also a hidden group is refused (its value would be lost on Directly's side)", () => {
    const r = load({ visible: { DeskDirector: 'type' }, hidden: { DeskDirector: { 'Ticket ID': 'id' } } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join('\n')).toMatch(/visible\.DeskDirector: "DeskDirector" is also a hidden group/);
  });
});
