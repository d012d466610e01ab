// The page validates with common/schema.ts (no zod in its bundle); the proxy keeps zod
// for what only it reads. Where both read the same thing, they must agree exactly.
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { ticketPageSchema, userSchema } from '../../common/deskdirector-api.ts';
import { defaultExpertMapping, draftSchema, expertMappingSchema, ticketFields } from '../../common/escalation.ts';
import { errorBodySchema, escalationListSchema } from '../../common/proxy-api.ts';
import { parse } from '../../common/schema.ts';
import { expertMappingSchema as zodExpertMappingSchema } from '../../server/schemas.ts';

const verdict = (r: { success: boolean; data?: unknown }) => (r.success ? { ok: true, data: r.data } : { ok: false });

describe('the expert mapping: the page and the proxy accept the same files, and read them the same way', () => {
  const key = fc.oneof(fc.constantFrom('Category', 'Ticket ID', 'OS[x]', 'Acc]ount', '', 'x'.repeat(60), 'x'.repeat(61)), fc.string({ maxLength: 4 }));
  const field = fc.oneof(fc.constantFrom(...ticketFields), fc.constantFrom('password', 'Type', ''), fc.integer());
  const rule = fc.record(
    {
      when: fc.oneof(fc.dictionary(fc.constantFrom('board', 'type', 'priority', 'company', 'boardName'), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()))),
      questionCategory: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(undefined), fc.integer()),
      isEliteOnly: fc.oneof(fc.boolean(), fc.constant(undefined), fc.constant('yes')),
      extra: fc.string({ maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
  const mapping = fc.record(
    {
      visible: fc.oneof(fc.dictionary(key, field, { maxKeys: 3 }), fc.constant([]), fc.constant(null)),
      hidden: fc.oneof(fc.dictionary(key, fc.oneof(fc.dictionary(key, field, { maxKeys: 3 }), fc.string({ maxLength: 2 })), { maxKeys: 3 })),
      rules: fc.oneof(fc.array(rule, { maxLength: 3 }), fc.constant(undefined), fc.constant({})),
      defaults: fc.oneof(
        fc.record(
          {
            questionCategory: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(undefined)),
            isEliteOnly: fc.oneof(fc.boolean(), fc.constant(undefined), fc.constant(1)),
          },
          { requiredKeys: [] },
        ),
        fc.constant(undefined),
      ),
      visibel: fc.constant({ Category: 'type' }),
    },
    { requiredKeys: [] },
  );

  test('for generated mappings, valid or not', () => {
    fc.assert(
      fc.property(mapping, (m) => {
        const raw = JSON.parse(JSON.stringify(m));
        expect(verdict(expertMappingSchema.safeParse(raw))).toEqual(verdict(zodExpertMappingSchema.safeParse(raw)));
      }),
      { numRuns: 2_000 },
    );
  });

  test('for the default mapping and for what is not an object', () => {
    for (const raw of [defaultExpertMapping, {}, { visible: {}, hidden: {} }, [], null, 'x', 1]) {
      expect(verdict(expertMappingSchema.safeParse(raw))).toEqual(verdict(zodExpertMappingSchema.safeParse(raw)));
    }
  });
});

describe('the shared schemas keep zod 4 semantics', () => {
  // The zod 4 versions these schemas replaced, for the parts whose behaviour is observable.
  const named = z.object({ id: z.number().int().nullish(), name: z.string() });
  const zodTicket = z.object({
    id: z.number().int(),
    summary: z.string(),
    description: z.string().nullish(),
    status: named,
    isClosed: z.boolean().optional(),
    board: named.nullish(),
    priority: named.nullish(),
    type: named.nullish(),
    contact: z.object({ id: z.number().int(), name: z.string(), email: z.string().nullish() }),
    company: named.nullish(),
    createdOn: z.string(),
    updatedOn: z.string().nullish(),
  });
  const zodTicketPage = z.object({ results: z.array(zodTicket), totalResults: z.number().int().nonnegative() });
  const zodDraft = z.object({ subject: z.string(), text: z.string() });

  const ticket = {
    id: 5001,
    summary: 'Printer',
    description: null,
    status: { id: 1, name: 'New' },
    board: { name: 'Help Desk' },
    contact: { id: 101, name: 'Ana', email: 'ana@example.com', phone: '1' },
    createdOn: '2025-01-01',
    extra: true,
  };

  test('unknown keys are dropped, absent optional keys stay absent', () => {
    const page = { results: [ticket], totalResults: 1, next: null };
    expect(parse(ticketPageSchema, page)).toEqual(zodTicketPage.parse(page));
    expect(Object.keys(parse(ticketPageSchema, page).results[0]!)).toEqual(Object.keys(zodTicketPage.parse(page).results[0]!));
  });

  test.each([
    ['a missing field', { results: [{ ...ticket, summary: undefined }], totalResults: 1 }],
    ['a field of the wrong type', { results: [ticket, { ...ticket, status: { name: 3 } }], totalResults: 1 }],
    ['a fractional id', { results: [{ ...ticket, id: 1.5 }], totalResults: 1 }],
    ['a negative total', { results: [], totalResults: -1 }],
    ['an array for an object', { results: [[]], totalResults: 0 }],
    ['null', null],
  ])('%s: refused, the first issue at the same path', (_name, raw) => {
    const ours = ticketPageSchema.safeParse(raw);
    const theirs = zodTicketPage.safeParse(raw);
    expect(ours.success).toBe(false);
    expect(theirs.success).toBe(false);
    expect(ours.error!.issues.map((i) => i.path)).toEqual(theirs.error!.issues.map((i) => i.path));
  });

  test.each([undefined, null, 5, true, [], {}])("a draft field that is not a string (%s): zod's message", (value) => {
    const raw = { subject: value, text: value };
    const theirs = zodDraft.safeParse(raw);
    const ours = draftSchema.safeParse(raw);
    expect(ours.error!.issues.map((i) => [i.path, i.message])).toEqual(theirs.error!.issues.map((i) => [i.path, i.message]));
  });

  test('the draft messages users see', () => {
    const issues = (raw: unknown) => draftSchema.safeParse(raw).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ subject: ' \u200b ', text: 'too short' })).toEqual([
      ['subject', 'Enter a subject'],
      ['text', 'Describe the question in at least 20 characters'],
    ]);
    expect(issues({ subject: 'x'.repeat(151), text: 'y'.repeat(5001) })).toEqual([
      ['subject', 'At most 150 characters'],
      ['text', 'At most 5000 characters'],
    ]);
    expect(parse(draftSchema, { subject: '  Hi\r\n ', text: ` ${'a'.repeat(20)}\u0007 ` })).toEqual({ subject: 'Hi', text: 'a'.repeat(20) });
  });

  test("they are Standard Schemas, as ky's .json(schema) needs", async () => {
    const good = { escalations: [] };
    expect(await escalationListSchema['~standard'].validate(good)).toEqual({ value: good });
    const bad = await errorBodySchema['~standard'].validate({ error: { code: 'nope', message: 'x' } });
    expect(bad.issues?.[0]?.path).toEqual(['error', 'code']);
    expect(userSchema['~standard'].version).toBe(1);
  });
});
