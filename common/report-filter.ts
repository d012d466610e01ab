import * as v from 'valibot';
import { escalationStates } from './contract.ts';

// The report's filter as the proxy checks it. A module of its own: the page imports only
// its type (see draft-requests.ts for why).

const isoDate = v.pipe(v.string(), v.isoDate('must be a date (YYYY-MM-DD)'));

export const reportFilterSchema = v.object({
  state: v.optional(v.picklist(escalationStates, `must be one of ${escalationStates.join(', ')}`)),
  from: v.optional(isoDate),
  /** Inclusive. */
  to: v.optional(isoDate),
  company: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'must be at most 100 characters'))),
});
export type ReportFilter = v.InferInput<typeof reportFilterSchema>;
