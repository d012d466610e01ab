// What an escalation sends to Directly, built the same way by the proxy (to send it)
// and by the page (to show the user exactly what experts will see).
import { z } from 'zod';
import { ticketDeepLink, type DdTicket } from './deskdirector-api.ts';

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
const metadataKey = z
  .string()
  .min(1)
  .max(60)
  .refine((k) => !/[[\]]/.test(k), 'must not contain [ or ]');

const ruleSchema = z.object({
  when: z
    .object({
      board: z.string().optional(),
      type: z.string().optional(),
      priority: z.string().optional(),
      company: z.string().optional(),
    })
    .strict(),
  questionCategory: z.string().min(1).optional(),
  isEliteOnly: z.boolean().optional(),
});

export const expertMappingSchema = z
  .object({
    visible: z.record(metadataKey, z.enum(ticketFields)),
    hidden: z.record(metadataKey, z.record(metadataKey, z.enum(ticketFields))),
    rules: z.array(ruleSchema).default([]),
    defaults: z
      .object({ questionCategory: z.string().min(1).optional(), isEliteOnly: z.boolean().default(false) })
      .default({ isEliteOnly: false }),
  })
  .strict();
export type ExpertMapping = z.infer<typeof expertMappingSchema>;

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

export const draftSchema = z.object({
  subject: z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, 'Enter a subject').max(limits.subjectMax, `At most ${limits.subjectMax} characters`)),
  text: z
    .string()
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(limits.textMin, `Describe the question in at least ${limits.textMin} characters`)
        .max(limits.textMax, `At most ${limits.textMax} characters`),
    ),
});
export type Draft = z.input<typeof draftSchema>;

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

export function ticketFieldValue(ticket: DdTicket, field: TicketField, host: string): string {
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

/** Empty metadata values are left out: experts should not see blank labels. */
export function buildQuestion(args: {
  ticket: DdTicket;
  host: string;
  asker: Asker;
  draft: { subject: string; text: string };
  mapping: ExpertMapping;
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
    helpDeskId: String(ticket.id),
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
export const publicConfigSchema = z.object({
  mapping: expertMappingSchema,
  limits: z.object({
    subjectMax: z.number(),
    textMin: z.number(),
    textMax: z.number(),
    metadataValueMax: z.number(),
  }),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;
