import * as v from 'valibot';
import { displayName, ticketDeepLink, type DdApp, type DdTicket, type DdUser } from './deskdirector.ts';

// What an escalation sends to Directly, built the same way by the proxy (to send it)
// and by the page (to show the user exactly what experts will see).

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
    v.strictObject({ ...Object.fromEntries(ruleFacts.map((f) => [f, v.optional(v.string())])), queue: v.optional(v.string()), requestType: v.optional(v.string()), account: v.optional(v.string()) }),
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
  defaults: v.optional(v.object({ questionCategory: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'))), isEliteOnly: v.optional(v.boolean(), false) }), {
    isEliteOnly: false,
  }),
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

export interface Asker {
  fullname: string;
  emailAddress: string;
  /** The asker is the ticket's contact, so their address is the contact's where DeskDirector has none. */
  forContact?: boolean;
}

/** A user's email address: `email`, or `userName` on instances that send no email field and put the address there. */
export const emailOf = (user: Pick<DdUser, 'email' | 'userName'>): string | null =>
  [user.email, user.userName].map((e) => cleanLine(e ?? '')).find(isEmail) ?? null;

/**
 * Who Directly is told asks. Portal: the signed-in user (whose `userName` holds their email
 * on instances that send no email field). TECH: the ticket's contact, or the address the
 * technician typed when DeskDirector has none for them. Null when no valid email is known.
 */
export function askerFor(app: DdApp, user: DdUser, ticket: DdTicket, typedEmail?: string | null): Asker | null {
  const candidates = app === 'portal' ? [emailOf(user), ticket.contact.email] : [ticket.contact.email, typedEmail];
  const emailAddress = candidates.map((e) => cleanLine(e ?? '')).find(isEmail);
  const fullname = cleanLine(app === 'portal' ? displayName(user) : ticket.contact.name);
  return emailAddress ? { fullname: fullname || emailAddress, emailAddress, forContact: app === 'tech' || user.id === ticket.contact.id } : null;
}

export interface DirectlyQuestion {
  helpDeskId: string;
  subject: string;
  text: string;
  emailAddress: string;
  fullname: string;
  questionCategory?: string;
  isEliteOnly: boolean;
  /** Top-level keys: shown to experts. */
  visible: Array<[string, string]>;
  /** Nested maps: hidden from experts, kept for the help desk. */
  hidden: Array<[string, Array<[string, string]>]>;
}

function ticketFieldValue(ticket: DdTicket, field: TicketField, host: string, asker: Asker): string {
  const values: Record<TicketField, () => string | null | undefined> = {
    id: () => String(ticket.id),
    summary: () => ticket.summary,
    status: () => ticket.status.name,
    board: () => ticket.board?.name,
    priority: () => ticket.priority?.name,
    type: () => ticket.type?.name,
    company: () => ticket.company?.name,
    contactName: () => ticket.contact.name,
    contactEmail: () => ticket.contact.email ?? (asker.forContact ? asker.emailAddress : null),
    createdOn: () => ticket.createdOn,
    link: () => ticketDeepLink(host, ticket.id),
  };
  return cleanText(values[field]() ?? '').slice(0, limits.metadataValueMax);
}

function routing(ticket: DdTicket, mapping: ExpertMapping): { questionCategory?: string; isEliteOnly: boolean } {
  const facts: Record<string, string | undefined> = { board: ticket.board?.name, type: ticket.type?.name, priority: ticket.priority?.name, company: ticket.company?.name };
  const rule = mapping.rules.find((r) => Object.entries(r.when).every(([k, want]) => want !== undefined && facts[k]?.toLowerCase() === want.toLowerCase()));
  const questionCategory = rule?.questionCategory ?? mapping.defaults.questionCategory;
  return { ...(questionCategory ? { questionCategory } : {}), isEliteOnly: rule?.isEliteOnly ?? mapping.defaults.isEliteOnly };
}

/**
 * Directly knows a question by this id alone. With one DeskDirector instance it is the
 * ticket number; a proxy serving several adds the instance, so equal ticket numbers on
 * two instances never share a question.
 */
export function helpDeskIdFor(host: string, ticketId: number, instances: number): string {
  return instances > 1 ? `${ticketId}@${new URL(host).host}` : String(ticketId);
}

/** Empty metadata values are left out: experts should not see blank labels. */
export function buildQuestion(args: {
  ticket: DdTicket;
  host: string;
  asker: Asker;
  draft: { subject: string; text: string };
  mapping: ExpertMapping;
  /** How many DeskDirector instances the proxy serves (see helpDeskIdFor). */
  instances: number;
}): DirectlyQuestion {
  const { ticket, host, asker, draft, mapping } = args;
  const entries = (fields: Record<string, TicketField>) =>
    Object.entries(fields)
      .map(([key, field]): [string, string] => [key, ticketFieldValue(ticket, field, host, asker)])
      .filter(([, value]) => value !== '');
  const hidden = Object.entries(mapping.hidden)
    .map(([group, fields]): [string, Array<[string, string]>] => [group, entries(fields)])
    .filter(([, list]) => list.length > 0);
  return {
    helpDeskId: helpDeskIdFor(host, ticket.id, args.instances),
    subject: draft.subject,
    text: draft.text,
    emailAddress: asker.emailAddress,
    fullname: asker.fullname,
    ...routing(ticket, mapping),
    visible: entries(mapping.visible),
    hidden,
  };
}
