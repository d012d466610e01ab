import { shortUrl, type Probe } from './http.ts';
import { isDocument, operationsOf, type Operation } from './openapi.ts';

// Where an instance publishes its Swagger document: the Swagger UI page names it (in the
// page itself or in the script it loads), or it sits at one of the usual locations.
// Some instances serve it only with the API key, so each is tried without, then with it.

const uiPages = ['/swagger', '/swagger/index.html', '/swagger/ui/index'];
export const usualLocations = [
  '/swagger/v1/swagger.json',
  '/swagger/v2/swagger.json',
  '/swagger/v3/swagger.json',
  '/swagger/v4/swagger.json',
  '/swagger/docs/v1',
  '/swagger/docs/v2',
  '/openapi.json',
  '/swagger.json',
  '/api/swagger.json',
];
// The UI library itself names no document, and is large.
const libraryScript = /swagger-ui(-bundle|-standalone-preset)?(\.min)?\.js$/i;

export interface FoundDocuments {
  /** Document URL → whether it needed the API key. */
  found: Array<{ url: string; withKey: boolean; operations: Operation[] }>;
  /** Why each place tried gave nothing, for the one line that says so. */
  misses: Array<{ url: string; problem: string }>;
}

/** Same-origin document URLs named in a Swagger UI page or its initializer script. */
export function documentUrlsIn(text: string, base: string, host: string): string[] {
  const unescaped = text.replace(/\\\//g, '/');
  const named = [
    ...[...unescaped.matchAll(/["']?url["']?\s*:\s*["']([^"'\s]+)["']/g)].map((m) => m[1]!),
    ...[...unescaped.matchAll(/["']([^"'\s]*(?:swagger|openapi)[^"'\s]*\.json|[^"'\s]*swagger\/docs\/[^"'\s]+)["']/gi)].map((m) => m[1]!),
  ];
  const out = new Set<string>();
  for (const n of named) {
    try {
      const u = new URL(n, base);
      // Never send the API key, or anything, to another origin (the stock initializer names petstore).
      if (u.origin === host) out.add(u.href);
    } catch {
      // not a URL
    }
  }
  return [...out];
}

function scriptsIn(html: string, base: string, host: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\ssrc\s*=\s*["']([^"']+)["']/gi)) {
    try {
      const u = new URL(m[1]!, base);
      if (u.origin === host && !libraryScript.test(u.pathname)) out.push(u.href);
    } catch {
      // not a URL
    }
  }
  return out;
}

async function namedByUi(probe: Probe, host: string): Promise<string[]> {
  const pages = await Promise.all(uiPages.map((p) => probe.getText(`${host}${p}`)));
  const urls = new Set<string>();
  const scripts = new Set<string>();
  for (const page of pages) {
    if (!page.ok) continue;
    for (const u of documentUrlsIn(page.text, page.url, host)) urls.add(u);
    for (const s of scriptsIn(page.text, page.url, host)) scripts.add(`${s}\n${page.url}`);
  }
  // A script's relative URLs are resolved against the page that runs it.
  const texts = await Promise.all(
    [...scripts].slice(0, 6).map(async (entry) => {
      const [script, page] = entry.split('\n') as [string, string];
      const answer = await probe.getText(script);
      return answer.ok ? documentUrlsIn(answer.text, page, host) : [];
    }),
  );
  for (const u of texts.flat()) urls.add(u);
  return [...urls];
}

export async function findDocuments(probe: Probe, host: string, apiKey: string | undefined): Promise<FoundDocuments> {
  const named = await namedByUi(probe, host);
  const candidates = [...new Set([...named, ...usualLocations.map((p) => `${host}${p}`)])];
  type Try = { url: string; withKey: boolean; doc: Record<string, unknown> } | { url: string; problem: string };
  const tries = await Promise.all(
    candidates.map(async (url): Promise<Try> => {
      const plain = await probe.getJson(url);
      if (plain.ok && isDocument(plain.json)) return { url, withKey: false, doc: plain.json };
      const keyed = apiKey ? await probe.getJson(url, `DdApi ${apiKey}`) : null;
      if (keyed?.ok && isDocument(keyed.json)) return { url, withKey: true, doc: keyed.json };
      const last = keyed ?? plain;
      const problem = last.ok ? 'answered JSON that is not a Swagger document' : `${last.problem}${keyed ? ' (also with the API key)' : ''}`;
      return { url, problem };
    }),
  );
  const found: FoundDocuments['found'] = [];
  const misses: FoundDocuments['misses'] = [];
  for (const t of tries) {
    if ('doc' in t) found.push({ url: t.url, withKey: t.withKey, operations: operationsOf(t.doc) });
    else misses.push({ url: shortUrl(t.url), problem: t.problem });
  }
  return { found, misses };
}
