import { shortUrl, type Failure } from './http.ts';
import { fail, type Row } from './types.ts';

export type Credential = 'apiKey' | 'token' | 'none';

/** What to do about a failed request, by what failed and which credential it carried. */
export function hintFor(failure: Failure, credential: Credential, setting?: string): string {
  if (failure.status === 401) {
    if (credential === 'apiKey') return 'the API key was refused; check the key for this host in DESKDIRECTOR_API_KEYS';
    if (credential === 'token')
      return 'the token was refused; it lasts 60 minutes, so copy a fresh access_token from the launch URL into DESKDIRECTOR_ACCESS_TOKEN';
    return 'it needs credentials';
  }
  if (failure.status === 403)
    return credential === 'apiKey' ? 'the API key may not read this; give it read access (read-write for notes)' : 'this user may not read this';
  if (failure.status === 404) return setting ? `the path is not on this instance; check ${setting}` : 'the path is not on this instance';
  switch (failure.kind) {
    case 'timeout':
      return 'the instance is slow or hanging; try again, or allow more time with --timeout-ms';
    case 'html':
    case 'not-json':
      // Many instances answer an unknown path with their web app's page.
      return `the path may not be an API path here, or a login page or proxy is in the way; check ${setting ?? 'the instance URL'}`;
    case 'network':
      return 'check the URL and that this machine can reach it';
    default:
      return 'try again later; if it persists, ask DeskDirector';
  }
}

export const failedRow = (check: string, method: string, url: string, failure: Failure, credential: Credential, setting?: string): Row =>
  fail(check, `${method} ${shortUrl(url)} ${failure.problem}: ${hintFor(failure, credential, setting)}`);

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The items of a connector list (`{results: [...]}`) or a bare array; null when it is neither. */
export function listItems(json: unknown): Raw[] | null {
  const list = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.results) ? json.results : null;
  return list ? list.filter(isRecord) : null;
}
