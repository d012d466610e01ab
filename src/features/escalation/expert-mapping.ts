import * as v from 'valibot';
import { expertMappingSchema, type ExpertMapping } from '../../../common/expert-mapping.ts';
import type { PageConfig } from '../../lib/page-config.ts';

// The page config carries the expert mapping unchecked (common/contract.ts): only the form
// builds a question from it, so it is checked here, with the schema the proxy checked it
// with at start, once per page; the first screen then carries none of that schema.
const checked = new WeakMap<PageConfig, ExpertMapping | null>();

/** The page's expert mapping, or null when what the page was served is not one. */
export function expertMappingOf(config: PageConfig): ExpertMapping | null {
  let mapping = checked.get(config);
  if (mapping === undefined) {
    const parsed = v.safeParse(expertMappingSchema, config.mapping);
    mapping = parsed.success ? parsed.output : null;
    checked.set(config, mapping);
  }
  return mapping;
}
