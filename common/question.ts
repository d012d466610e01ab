import * as v from 'valibot';
import type { DdUser } from './deskdirector.ts';

// What a question may hold: the limits, the draft and the one rule for cleaning text. The expert
// mapping is expert-mapping.ts; how a ticket becomes a question, directly-question.ts.

export const limits = {
  subjectMax: 150,
  textMin: 20,
  textMax: 5000,
  metadataValueMax: 500,
} as const;

/**
 * What may reach Directly from anyone's typing or DeskDirector's data: NFC, newlines as
 * \n, and no control, format or bidi characters (a zero-width joiner inside an emoji stays).
 */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/gu, '')
    .replace(/[^\P{Cc}\n\t]|[\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) => (ch === '\u200D' ? ch : ''))
    .trim();
}

/** One line of a name or address: no line breaks at all. */
export const cleanLine = (value: string) => cleanText(value).replace(/[\n\t]+/g, ' ');

export const isEmail = (value: string) => /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/.test(value) && value.length <= 254;

const draftField = (min: number, max: number, tooShort: string) =>
  v.pipe(v.string('is required'), v.transform(cleanText), v.minLength(min, tooShort), v.maxLength(max, `At most ${max} characters`));

export const draftSchema = v.object({
  subject: draftField(1, limits.subjectMax, 'Enter a subject'),
  text: draftField(limits.textMin, limits.textMax, `Describe the question in at least ${limits.textMin} characters`),
});
export type Draft = v.InferInput<typeof draftSchema>;

/** A user's email address: `email`, or `userName` on instances that send no email field and put the address there. */
export const emailOf = (user: Pick<DdUser, 'email' | 'userName'>): string | null =>
  [user.email, user.userName].map((e) => cleanLine(e ?? '')).find(isEmail) ?? null;
