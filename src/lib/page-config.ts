// The proxy writes its public configuration into index.html (a meta tag, so the strict
// CSP needs no inline script), so the page knows the allowed hosts and the expert
// mapping without a round trip.
import * as v from 'valibot';
import { PAGE_CONFIG_META, pageConfigSchema, type PageConfig } from '../../common/contract.ts';

export type { PageConfig };

export function readPageConfig(doc: Document = document): PageConfig | null {
  const raw = doc.querySelector(`meta[name="${PAGE_CONFIG_META}"]`)?.getAttribute('content');
  if (!raw) return null;
  try {
    const parsed = v.safeParse(pageConfigSchema, JSON.parse(raw));
    // The mapping is the proxy's own, checked at start (see PageConfig).
    return parsed.success ? (parsed.output as PageConfig) : null;
  } catch {
    return null;
  }
}
