import * as v from 'valibot';
import type { DdUser } from './deskdirector.ts';

// What a question may hold: the limits, the expert mapping, the draft and the one rule
// for cleaning text. How a ticket becomes a question is directly-question.ts.

export const limits = {
  subjectMax: 150,
  textMin: 20,
  textMax: 5000,
  metadataValueMax: 500,
} as const;

export const ticketFields = ['id', 'summary', 'status', 'board', 'priority', 'type', 'company', 'contactName', 'contactEmail', 'createdOn', 'link'] as const;
export type TicketField = (typeof ticketFields)[number];

/** The words of instances that name fields as the public ticket model does; a mapping may use either. */
const fieldAliases: Record<string, TicketField> = { queue: 'board', account: 'company', requestType: 'type' };
const ticketField = v.pipe(
  v.picklist([...ticketFields, ...Object.keys(fieldAliases)], `must be one of ${ticketFields.join(', ')} (or queue, account, requestType)`),
  v.transform((f): TicketField => fieldAliases[f] ?? (f as TicketField)),
);

// Brackets would change the nesting of `metadata[...]` keys on Directly's side.
const metadataKey = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(60, 'must be at most 60 characters'),
  v.check((k) => !/[[\]]/.test(k), 'must not contain [ or ]'),
);

const ruleFacts = ['board', 'type', 'priority', 'company'] as const;
const ruleSchema = v.object({
  when: v.pipe(
    v.strictObject({
      ...Object.fromEntries(ruleFacts.map((f) => [f, v.optional(v.string())])),
      queue: v.optional(v.string()),
      requestType: v.optional(v.string()),
      account: v.optional(v.string()),
    }),
    v.transform((w) => {
      const out: Partial<Record<(typeof ruleFacts)[number], string>> = {};
      for (const [k, value] of Object.entries(w)) if (value !== undefined) out[(fieldAliases[k] ?? k) as (typeof ruleFacts)[number]] = value;
      return out;
    }),
  ),
  questionCategory: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'))),
  isEliteOnly: v.optional(v.boolean()),
});

export const expertMappingSchema = v.strictObject({
  visible: v.record(metadataKey, ticketField),
  hidden: v.record(metadataKey, v.record(metadataKey, ticketField)),
  rules: v.optional(v.array(ruleSchema), []),
  defaults: v.optional(
    v.object({ questionCategory: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'))), isEliteOnly: v.optional(v.boolean(), false) }),
    {
      isEliteOnly: false,
    },
  ),
});
export type ExpertMapping = v.InferOutput<typeof expertMappingSchema>;

export const defaultExpertMapping: ExpertMapping = {
  visible: { Category: 'type', Priority: 'priority' },
  hidden: { DeskDirector: { 'Ticket ID': 'id', Company: 'company', Board: 'board', 'Ticket link': 'link' } },
  rules: [],
  defaults: { isEliteOnly: false },
};

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
