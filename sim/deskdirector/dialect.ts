import type { DdTicket } from '../../common/deskdirector.ts';
import type { SimContact, SimMember } from './data.ts';

// How one simulated instance speaks: its paths, the field names of what it reads and
// writes. DeskDirector says Tokity and PSA-backed instances have different endpoints;
// `variant` is a second instance in the words of the only public ticket model (the
// DeskDirector Tech connector's: entityId, account, queue, requestType, modifiedOn,
// {total, results}, contacts without email), on paths of its own. The product must work
// against it through a profile file alone.
export interface SimDialect {
  name: 'standard' | 'variant';
  paths: {
    portalMe: string;
    techMe: string;
    portalTicketsFind: string;
    portalTicket: string;
    techTicketsFind: string;
    techTicket: string;
    addNote: string;
    listNotes: string;
  };
  /** The ticket search body's field names. */
  find: { take: string; skip: string; search: string; openOnly: string };
  /** The connector's FindTicketsRequest field names (its filters stand in for the caller's visibility). */
  connectorFind: { take: string; skip: string; search: string; openOnly: string; contactId: string; companyId: string };
  /** The note body's field names. */
  note: { text: string; isInternal: string };
  ticket(t: DdTicket): Record<string, unknown>;
  list(results: unknown[], total: number): Record<string, unknown>;
  contact(c: SimContact, company: { id: number; name: string }): Record<string, unknown>;
  member(m: SimMember): Record<string, unknown>;
}

const connector = '/api/v2/automate/connector';

export const standardDialect: SimDialect = {
  name: 'standard',
  paths: {
    portalMe: '/api/v2/user/client',
    techMe: '/api/v2/tech/member/me',
    portalTicketsFind: '/api/v2/portal/tickets/find',
    portalTicket: '/api/v2/portal/tickets/{ticketId}',
    techTicketsFind: '/api/v2/tech/tickets/find',
    techTicket: '/api/v2/tech/tickets/{ticketId}',
    addNote: `${connector}/tickets/{ticketId}/notes`,
    listNotes: `${connector}/tickets/{ticketId}/notes`,
  },
  find: { take: 'take', skip: 'skip', search: 'search', openOnly: 'openOnly' },
  connectorFind: { take: 'take', skip: 'skip', search: 'search', openOnly: 'openOnly', contactId: 'contactId', companyId: 'companyId' },
  note: { text: 'text', isInternal: 'isInternal' },
  ticket: (t) => ({ ...t }),
  list: (results, total) => ({ results, totalResults: total }),
  contact: (c, company) => ({ id: c.id, userName: `${c.firstName} ${c.lastName}`, firstName: c.firstName, lastName: c.lastName, email: c.email, company }),
  member: (m) => ({ id: m.id, userName: `${m.firstName} ${m.lastName}`, firstName: m.firstName, lastName: m.lastName, email: m.email, company: null }),
};

export const variantDialect: SimDialect = {
  name: 'variant',
  paths: {
    portalMe: '/api/v2/user/client',
    techMe: '/api/v4/tech/users/me',
    portalTicketsFind: '/api/v4/portal/tickets/search',
    portalTicket: '/api/v4/portal/tickets/{ticketId}',
    techTicketsFind: '/api/v4/tech/tickets/search',
    techTicket: '/api/v4/tech/tickets/{ticketId}',
    addNote: `${connector}/tickets/{ticketId}/comments`,
    listNotes: `${connector}/tickets/{ticketId}/comments`,
  },
  find: { take: 'pageSize', skip: 'offset', search: 'keyword', openOnly: 'onlyOpen' },
  connectorFind: { take: 'take', skip: 'skip', search: 'search', openOnly: 'openOnly', contactId: 'contactId', companyId: 'accountId' },
  note: { text: 'note', isInternal: 'isInternal' },
  ticket: (t) => ({
    entityId: t.id,
    summary: t.summary,
    description: t.description,
    status: t.status,
    isClosed: t.isClosed,
    queue: t.board,
    priority: t.priority,
    requestType: t.type,
    contact: { entityId: t.contact.id, name: t.contact.name },
    account: t.company,
    createdOn: t.createdOn,
    modifiedOn: t.updatedOn,
  }),
  list: (results, total) => ({ total, resultsCount: results.length, results }),
  // The one public sample reads only `userName`, and says it holds the email.
  contact: (c, company) => ({
    entityId: c.id,
    userName: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    company: { entityId: company.id, name: company.name },
  }),
  member: (m) => ({ entityId: m.id, userName: m.email, firstName: m.firstName, lastName: m.lastName }),
};

export const dialects = { standard: standardDialect, variant: variantDialect } as const;

/** A path template as Hono routes it. */
export const route = (path: string) => path.replace('{ticketId}', ':ticketId');
