// The proxy writes its public configuration into index.html (a meta tag, so the strict
// CSP needs no inline script), so the page knows the allowed hosts and the expert
// mapping without a round trip.
import { publicConfigSchema } from '../../common/escalation.ts';
import { array, extend, string, type Infer } from '../../common/schema.ts';

export const pageConfigSchema = extend(publicConfigSchema, { deskDirectorHosts: array(string()) });
export type PageConfig = Infer<typeof pageConfigSchema>;

export const PAGE_CONFIG_META = 'dd-directly-config';

export function readPageConfig(doc: Document = document): PageConfig | null {
  const raw = doc.querySelector(`meta[name="${PAGE_CONFIG_META}"]`)?.getAttribute('content');
  if (!raw) return null;
  try {
    const parsed = pageConfigSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
