import * as v from 'valibot';

// The expert mapping: which ticket fields go to Directly as a question's metadata, and the
// rules that pick its category. The proxy checks it at start (server/config.ts); the page
// takes it as the proxy wrote it into the page, and imports only its types from here.

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
