import * as v from 'valibot';
import { escalationSchema, escalationStates } from './contract.ts';

// The technicians' report, in a module of its own: only the report's lazy chunk and the
// proxy load it, so it stays out of the page's initial bundle.

const isoDate = v.pipe(v.string(), v.isoDate('must be a date (YYYY-MM-DD)'));

export const reportFilterSchema = v.object({
  state: v.optional(v.picklist(escalationStates, `must be one of ${escalationStates.join(', ')}`)),
  from: v.optional(isoDate),
  /** Inclusive. */
  to: v.optional(isoDate),
  company: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'must be at most 100 characters'))),
});
export type ReportFilter = v.InferInput<typeof reportFilterSchema>;

export const reportSchema = v.object({
  escalations: v.array(escalationSchema),
  counts: v.object({
    pending: v.number(),
    queued: v.number(),
    open: v.number(),
    unknown: v.number(),
    closed: v.number(),
    failed: v.number(),
    total: v.number(),
  }),
  medianSecondsToClose: v.nullable(v.number()),
  /** True when more escalations matched than the list shows; the CSV has them all. */
  truncated: v.boolean(),
});
export type Report = v.InferOutput<typeof reportSchema>;
