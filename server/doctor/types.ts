import type { Row } from '../../common/setup-check.ts';
import type { Profile } from '../profile/profile.ts';

// The row is shared with the page's setup check.
export type { Row, RowStatus } from '../../common/setup-check.ts';

export interface DoctorOptions {
  /** The instance's origin, e.g. https://acme.deskdirector.com. */
  host: string;
  profile: Profile;
  apiKey?: string | undefined;
  /** A Portal or TECH user's token, copied from the menu item's launch URL. */
  accessToken?: string | undefined;
  webhookSecret?: string | undefined;
  /** Lower-cased status names that close a question. */
  closedStatuses: readonly string[];
  directly: { baseUrl?: string | undefined; apiToken?: string | undefined };
  fetch?: typeof fetch;
  /** Per request; a hanging server costs at most this. Default 5000. */
  timeoutMs?: number;
}

export interface DoctorResult {
  rows: Row[];
  suggestedProfile: Profile;
  /** The profile keys the doctor changed in the suggestion (each is a guess to confirm). */
  guessed: string[];
  /** Field lists that now start with the names the instance was seen to use. */
  observed: string[];
}

export const ok = (check: string, detail: string): Row => ({ status: 'ok', check, detail });
export const fail = (check: string, detail: string): Row => ({ status: 'fail', check, detail });
export const unknown = (check: string, detail: string): Row => ({ status: 'unknown', check, detail });
