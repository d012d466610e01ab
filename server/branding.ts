// The admin's words on the page (APP_INTRO, APP_HELP_URL, EXPERT_NETWORK_NAME): checked
// with the rest of the configuration, then written into the page's config meta tag.
import * as v from 'valibot';

export interface Branding {
  intro: string | null;
  helpUrl: string | null;
  expertNetworkName: string;
}

export const DEFAULT_EXPERT_NETWORK_NAME = 'Directly’s experts';

/** No control characters (line breaks included): the same class common/question.ts cleanText removes. */
const oneLine = (x: string) => !/\p{Cc}/u.test(x);

/** One line of the admin's text: unset or blank is null. */
const pageText = (max: number) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.check(oneLine, 'must be one line of text'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.transform((x) => x || null),
  );

const isWebUrl = (x: string) => URL.canParse(x) && /^https?:$/.test(new URL(x).protocol);

/** Entries of the proxy's environment schema (server/config.ts). */
export const brandingSettings = {
  APP_INTRO: pageText(300),
  APP_HELP_URL: v.pipe(
    pageText(500),
    v.check((x) => x === null || isWebUrl(x), 'must be an http(s) URL such as https://help.example.com/ask-an-expert'),
  ),
  EXPERT_NETWORK_NAME: v.pipe(
    v.optional(v.string(), DEFAULT_EXPERT_NETWORK_NAME),
    v.trim(),
    v.minLength(1, `must not be empty (or leave it unset for "${DEFAULT_EXPERT_NETWORK_NAME}")`),
    v.maxLength(60, 'must be at most 60 characters'),
    v.check(oneLine, 'must be one line of text'),
  ),
};

export const brandingOf = (e: v.InferOutput<v.ObjectSchema<typeof brandingSettings, undefined>>): Branding => ({
  intro: e.APP_INTRO,
  helpUrl: e.APP_HELP_URL,
  expertNetworkName: e.EXPERT_NETWORK_NAME,
});
