import type { FieldKey } from '../profile/profile.ts';

// The other names an instance may use for what the product sends and reads, most likely
// first. The doctor suggests one only when it actually appears in a schema or an answer.

export const requestSynonyms = {
  take: ['take', 'pageSize', 'limit', 'top', 'size', 'perPage', 'count'],
  skip: ['skip', 'offset', 'start', 'from'],
  search: ['search', 'keyword', 'keywords', 'query', 'term', 'searchTerm', 'searchText', 'q'],
  openOnly: ['openOnly', 'onlyOpen', 'isOpen', 'open', 'openTicketsOnly'],
  contactId: ['contactId', 'contactEntityId', 'requesterId'],
  companyId: ['companyId', 'accountId', 'clientId', 'companyEntityId', 'accountEntityId'],
  text: ['text', 'note', 'body', 'content', 'message', 'comment'],
  isInternal: ['isInternal', 'internal', 'isPrivate', 'private'],
} as const;
export type RequestKey = keyof typeof requestSynonyms;

export const fieldSynonyms: Record<FieldKey, readonly string[]> = {
  id: ['id', 'entityId', 'ticketId'],
  name: ['name', 'displayName', 'fullName', 'title'],
  userName: ['userName', 'username', 'login', 'loginName'],
  email: ['email', 'emailAddress', 'mail'],
  firstName: ['firstName', 'givenName'],
  lastName: ['lastName', 'surname', 'familyName'],
  company: ['company', 'account', 'client', 'organization'],
  summary: ['summary', 'subject', 'title'],
  description: ['description', 'details', 'descriptionPreview', 'body'],
  status: ['status', 'state', 'ticketStatus'],
  isClosed: ['isClosed', 'closed'],
  board: ['board', 'queue', 'serviceBoard'],
  priority: ['priority', 'urgency'],
  type: ['type', 'requestType', 'ticketType'],
  contact: ['contact', 'requester', 'requestor', 'customer'],
  createdOn: ['createdOn', 'createdAt', 'dateCreated', 'dateEntered', 'created'],
  updatedOn: ['updatedOn', 'modifiedOn', 'updatedAt', 'lastUpdated', 'modified'],
  results: ['results', 'items', 'data', 'value', 'tickets'],
  total: ['totalResults', 'total', 'totalCount', 'count'],
};

/** `available`'s own spelling of `name`, compared without case. */
export const findName = (available: readonly string[], name: string): string | undefined => available.find((a) => a.toLowerCase() === name.toLowerCase());

/** The first of `wanted`, then of `synonyms`, that `available` has, in `available`'s spelling. */
export function bestName(available: readonly string[], wanted: readonly string[], synonyms: readonly string[]): string | undefined {
  for (const n of [...wanted, ...synonyms]) {
    const hit = findName(available, n);
    if (hit) return hit;
  }
  return undefined;
}

/** A list of names for messages: `a, b, c` (at most 12). */
export const listOf = (names: readonly string[]) =>
  names.length === 0 ? '(none)' : names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
