// The technicians' report, in a module of its own: only the report's lazy chunk loads it,
// so it stays out of the page's initial bundle.
import { escalationSchema } from './proxy-api.ts';
import { array, boolean, type Infer, nullable, number, object } from './schema.ts';

export const reportSchema = object({
  escalations: array(escalationSchema),
  counts: object({ pending: number(), open: number(), unknown: number(), closed: number(), failed: number(), total: number() }),
  medianSecondsToClose: nullable(number()),
  /** True when more escalations matched than the list shows; the CSV has them all. */
  truncated: boolean(),
});
export type Report = Infer<typeof reportSchema>;

