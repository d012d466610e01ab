import * as v from 'valibot';
import { escalationSchema } from './contract.ts';

// The technicians' report, in a module of its own: only the report's lazy chunk and the
// proxy load it, so it stays out of the page's initial bundle.

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
