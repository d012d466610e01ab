// What an escalation sends to Directly, built the same way by the proxy (to send it)
// and by the page (to show the user exactly what experts will see).
import { ticketDeepLink, type DdTicket } from './deskdirector-api.ts';
import { array, boolean, check, enumOf, type Infer, type Input, maxLength, minLength, number, object, optional, pipe, record, string, withDefault } from './schema.ts';

export const limits = {
  subjectMax: 150,
  textMin: 20,
  textMax: 5000,
  metadataValueMax: 500,
} as const;

export const ticketFields = [
  'id',
  'summary',
  'status',
  'board',
  'priority',
  'type',
  'company',
  'contactName',
  'contactEmail',
  'createdOn',
  'link',
] as const;
export type TicketField = (typeof ticketFields)[number];

// Brackets would change the nesting of `metadata[...]` keys on Directly's side.
// The proxy reads the mapping file with server/schemas.ts's zod copy of this schema, for
// its messages; test/server/schemas.test.ts keeps the two in step.
const metadataKey = string(minLength(1), maxLength(60), check((k) => !/[[\]]/.test(k), 'must not contain [ or ]'));
const ticketField = enumOf(ticketFields);

const ruleSchema = object({
  when: object(
    {
      board: optional(string()),
      type: optional(string()),
      priority: optional(string()),
      company: optional(string()),
    },
    true,
  ),
  questionCategory: optional(string(minLength(1))),
  isEliteOnly: optional(boolean()),
});

export const expertMappingSchema = object(
  {
    visible: record(metadataKey, ticketField),
    hidden: record(metadataKey, record(metadataKey, ticketField)),
    rules: withDefault(array(ruleSchema), () => []),
    defaults: withDefault(
      object({ questionCategory: optional(string(minLength(1))), isEliteOnly: withDefault(boolean(), () => false) }),
      () => ({ isEliteOnly: false }),
    ),
  },
  true,
);
export type ExpertMapping = Infer<typeof expertMappingSchema>;

export const defaultExpertMapping: ExpertMapping = {
  visible: { Category: 'type', Priority: 'priority' },
  hidden: {
    DeskDirector: { 'Ticket ID': 'id', Company: 'company', Board: 'board', 'Ticket link': 'link' },
  },
  rules: [],
  defaults: { isEliteOnly: false },
};

/** Removes control characters (keeping newlines and tabs) and normalizes to NFC. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
}

export const draftSchema = object({
  subject: pipe(
    string(),
    cleanText,
    string(minLength(1, 'Enter a subject'), maxLength(limits.subjectMax, `At most ${limits.subjectMax} characters`)),
  ),
  text: pipe(
    string(),
    cleanText,
    string(
      minLength(limits.textMin, `Describe the question in at least ${limits.textMin} characters`),
      maxLength(limits.textMax, `At most ${limits.textMax} characters`),
    ),
  ),
});
export type Draft = Input<typeof draftSchema>;

export interface Asker {
  fullname: string;
  emailAddress: string;
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

function ticketFieldValue(ticket: DdTicket, field: TicketField, host: string): string {
  const value = (() => {
    switch (field) {
      case 'id':
        return String(ticket.id);
      case 'summary':
        return ticket.summary;
      case 'status':
        return ticket.status.name;
      case 'board':
        return ticket.board?.name;
      case 'priority':
        return ticket.priority?.name;
      case 'type':
        return ticket.type?.name;
      case 'company':
        return ticket.company?.name;
      case 'contactName':
        return ticket.contact.name;
      case 'contactEmail':
        return ticket.contact.email ?? undefined;
      case 'createdOn':
        return ticket.createdOn;
      case 'link':
        return ticketDeepLink(host, ticket.id);
    }
  })();
  return cleanText(value ?? '').slice(0, limits.metadataValueMax);
}

function routing(ticket: DdTicket, mapping: ExpertMapping): { questionCategory?: string; isEliteOnly: boolean } {
  const facts: Record<string, string | undefined> = {
    board: ticket.board?.name,
    type: ticket.type?.name,
    priority: ticket.priority?.name,
    company: ticket.company?.name,
  };
  const rule = mapping.rules.find((r) =>
    Object.entries(r.when).every(([k, v]) => v !== undefined && facts[k]?.toLowerCase() === v.toLowerCase()),
  );
  const questionCategory = rule?.questionCategory ?? mapping.defaults.questionCategory;
  return {
    ...(questionCategory ? { questionCategory } : {}),
    isEliteOnly: rule?.isEliteOnly ?? mapping.defaults.isEliteOnly,
  };
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
  const visible = Object.entries(mapping.visible)
    .map(([key, field]): [string, string] => [key, ticketFieldValue(ticket, field, host)])
    .filter(([, v]) => v !== '');
  const hidden = Object.entries(mapping.hidden)
    .map(([group, fields]): [string, Array<[string, string]>] => [
      group,
      Object.entries(fields)
        .map(([key, field]): [string, string] => [key, ticketFieldValue(ticket, field, host)])
        .filter(([, v]) => v !== ''),
    ])
    .filter(([, entries]) => entries.length > 0);
  return {
    helpDeskId: helpDeskIdFor(host, ticket.id, args.instances),
    subject: draft.subject,
    text: draft.text,
    emailAddress: asker.emailAddress,
    fullname: asker.fullname,
    ...routing(ticket, mapping),
    visible,
    hidden,
  };
}

/** The public part of the proxy's configuration, which the page needs to preview. */
export const publicConfigSchema = object({
  mapping: expertMappingSchema,
  limits: object({
    subjectMax: number(),
    textMin: number(),
    textMax: number(),
    metadataValueMax: number(),
  }),
});
