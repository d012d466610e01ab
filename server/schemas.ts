// What only the proxy reads, checked with zod for its messages: the 400 `fields` of a
// request and the startup problems of a mapping file. Kept out of common/ so the page's
// bundle carries no zod (common/schema.ts says why).
import { z } from 'zod';
import { ticketFields, type ExpertMapping } from '../common/escalation.ts';
import { draftLimits, escalationStates, ticketSearchMax, type EscalateRequest, type ReportFilter } from '../common/proxy-api.ts';

/** The one ticket-number rule: a positive safe integer, given as a JSON number or as decimal digits. */
export function ticketIdOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export const ticketIdParamSchema = z.object({
  ticketId: z.string().transform((raw, ctx) => ticketIdOf(raw) ?? (ctx.addIssue({ code: 'custom', message: 'must be a positive whole number' }), z.NEVER)),
});

/** `?ticketIds=1,2,3`: up to 100 ticket numbers. */
export const ticketIdsQuerySchema = z.object({
  ticketIds: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const ids = raw.split(',').filter(Boolean).map(ticketIdOf);
      if (ids.length <= 100 && ids.every((id) => id !== null)) return ids as number[];
      ctx.addIssue({ code: 'custom', message: 'up to 100 positive whole numbers' });
      return z.NEVER;
    }),
});

export const escalateRequestSchema = z
  .object({
    ticketId: z.number({ error: 'must be a ticket number' }).int().positive(),
    subject: z.string({ error: 'is required' }),
    text: z.string({ error: 'is required' }),
  })
  .strict();

/** The ticket list's page and filter, as query parameters. */
export const ticketPageQuerySchema = z.object({
  page: z.coerce
    .number({ error: 'must be a page number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(10_000, 'must be 10000 or less')
    .default(0),
  search: z.string().trim().max(ticketSearchMax, `must be at most ${ticketSearchMax} characters`).default(''),
});

export const reportFilterSchema = z.object({
  state: z.enum(escalationStates).optional(),
  from: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional(),
  to: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional(),
  company: z.string().trim().max(100).optional(),
});

export const saveDraftSchema = z.object({ subject: z.string().max(draftLimits.subjectMax), text: z.string().max(draftLimits.textMax) }).strict();

// Brackets would change the nesting of `metadata[...]` keys on Directly's side.
const metadataKey = z
  .string()
  .min(1)
  .max(60)
  .refine((k) => !/[[\]]/.test(k), 'must not contain [ or ]');

const ruleSchema = z.object({
  when: z
    .object({
      board: z.string().optional(),
      type: z.string().optional(),
      priority: z.string().optional(),
      company: z.string().optional(),
    })
    .strict(),
  questionCategory: z.string().min(1).optional(),
  isEliteOnly: z.boolean().optional(),
});

/**
 * The zod copy of common/escalation.ts's expertMappingSchema (which the page uses), for
 * server/config.ts's messages; test/server/schemas.test.ts checks they agree.
 */
export const expertMappingSchema = z
  .object({
    visible: z.record(metadataKey, z.enum(ticketFields)),
    hidden: z.record(metadataKey, z.record(metadataKey, z.enum(ticketFields))),
    rules: z.array(ruleSchema).default([]),
    defaults: z.object({ questionCategory: z.string().min(1).optional(), isEliteOnly: z.boolean().default(false) }).default({ isEliteOnly: false }),
  })
  .strict();

// The page builds these types by hand (common/proxy-api.ts); they must be what the proxy accepts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasAgree = [
  Assert<Same<z.infer<typeof escalateRequestSchema>, EscalateRequest>>,
  Assert<Same<z.input<typeof reportFilterSchema>, ReportFilter>>,
  Assert<Same<z.infer<typeof expertMappingSchema>, ExpertMapping>>,
];
