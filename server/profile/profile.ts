import * as v from 'valibot';
import { ddEndpointNames } from '../../common/deskdirector.ts';

// Everything the product assumes about one DeskDirector instance, as data: each path and
// method it calls, the field names of what it sends, and the names it accepts in what it
// reads. Only `/api/v2/user/client` and the connector paths are public; DeskDirector says
// Tokity and PSA-backed instances differ, so an admin fixes a mismatch in a file (see
// README, "Instance profile"), and `npm run doctor` says what to put there.

export const endpointKeys = [
  'portalMe',
  'techMe',
  'portalTicketsFind',
  'portalTicket',
  'techTicketsFind',
  'techTicket',
  'connectorTicketsFind',
  'connectorTicket',
  'addNote',
  'listNotes',
] as const;
export type EndpointKey = (typeof endpointKeys)[number];

/** The names errors and the doctor use, so an admin can find the endpoint in the profile. */
export const endpointNames: Record<EndpointKey, string> = ddEndpointNames;

/** Endpoints whose path names one ticket. */
export const ticketEndpoints: ReadonlySet<EndpointKey> = new Set(['portalTicket', 'techTicket', 'connectorTicket', 'addNote', 'listNotes']);

/** Every response field the product reads; each is looked up by the names listed for it, in order. */
export const fieldKeys = [
  'id',
  'name',
  'userName',
  'email',
  'firstName',
  'lastName',
  'company',
  'summary',
  'description',
  'status',
  'isClosed',
  'board',
  'priority',
  'type',
  'contact',
  'createdOn',
  'updatedOn',
  'results',
  'total',
] as const;
export type FieldKey = (typeof fieldKeys)[number];

const fieldName = v.pipe(v.string(), v.regex(/^[A-Za-z_$][\w$]{0,63}$/, 'must be a JSON field name (letters, digits, _ or $)'));
const fieldNames = v.pipe(v.array(fieldName), v.minLength(1, 'must list at least one field name'), v.maxLength(8, 'lists at most 8 names'));

const endpoint = v.strictObject({
  method: v.picklist(['GET', 'POST'], 'must be "GET" or "POST"'),
  path: v.pipe(
    v.string(),
    v.regex(/^\/[\w\-./{}$~]*$/, 'must be a path starting with "/" (no host, query or spaces)'),
    v.check((p) => !p.split('/').includes('..'), 'must not contain ".."'),
  ),
});

const names = <const K extends string>(keys: readonly K[]) =>
  v.strictObject(Object.fromEntries(keys.map((k) => [k, fieldName])) as Record<K, typeof fieldName>);

const findRequest = ['take', 'skip', 'search', 'openOnly'] as const;
const connectorFindRequest = [...findRequest, 'contactId', 'companyId'] as const;

export const profileSchema = v.strictObject({
  /** `caller`: tickets are read with the user's own token, so DeskDirector decides. `connector`: with the API key; the proxy decides. */
  ticketReads: v.picklist(['caller', 'connector'], 'must be "caller" or "connector"'),
  /** Connector reads: a Portal contact also sees the tickets of their company. */
  contactsSeeCompanyTickets: v.boolean('must be true or false'),
  endpoints: v.strictObject(Object.fromEntries(endpointKeys.map((k) => [k, endpoint])) as Record<EndpointKey, typeof endpoint>),
  requests: v.strictObject({
    findTickets: names(findRequest),
    connectorFindTickets: names(connectorFindRequest),
    addNote: names(['text', 'isInternal'] as const),
  }),
  fields: v.strictObject(Object.fromEntries(fieldKeys.map((k) => [k, fieldNames])) as Record<FieldKey, typeof fieldNames>),
});
export type Profile = v.InferOutput<typeof profileSchema>;

const connector = '/api/v2/automate/connector';

/** The built-in profile: the paths the simulator serves, reading every documented alternate name. */
export const defaultProfile: Profile = {
  ticketReads: 'caller',
  contactsSeeCompanyTickets: false,
  endpoints: {
    portalMe: { method: 'GET', path: '/api/v2/user/client' },
    techMe: { method: 'GET', path: '/api/v2/tech/member/me' },
    portalTicketsFind: { method: 'POST', path: '/api/v2/portal/tickets/find' },
    portalTicket: { method: 'GET', path: '/api/v2/portal/tickets/{ticketId}' },
    techTicketsFind: { method: 'POST', path: '/api/v2/tech/tickets/find' },
    techTicket: { method: 'GET', path: '/api/v2/tech/tickets/{ticketId}' },
    connectorTicketsFind: { method: 'POST', path: `${connector}/tickets/find` },
    connectorTicket: { method: 'GET', path: `${connector}/tickets/{ticketId}` },
    addNote: { method: 'POST', path: `${connector}/tickets/{ticketId}/notes` },
    listNotes: { method: 'GET', path: `${connector}/tickets/{ticketId}/notes` },
  },
  requests: {
    findTickets: { take: 'take', skip: 'skip', search: 'search', openOnly: 'openOnly' },
    connectorFindTickets: { take: 'take', skip: 'skip', search: 'search', openOnly: 'openOnly', contactId: 'contactId', companyId: 'companyId' },
    addNote: { text: 'text', isInternal: 'isInternal' },
  },
  fields: {
    id: ['id', 'entityId'],
    name: ['name'],
    userName: ['userName'],
    email: ['email', 'emailAddress'],
    firstName: ['firstName'],
    lastName: ['lastName'],
    company: ['company', 'account'],
    summary: ['summary'],
    description: ['description'],
    status: ['status'],
    isClosed: ['isClosed'],
    board: ['board', 'queue'],
    priority: ['priority'],
    type: ['type', 'requestType'],
    contact: ['contact'],
    createdOn: ['createdOn'],
    updatedOn: ['updatedOn', 'modifiedOn'],
    results: ['results'],
    total: ['totalResults', 'total'],
  },
};

/** An endpoint's path with its ticket filled in. */
export function endpointPath(profile: Profile, key: EndpointKey, ticketId?: number): string {
  const { path } = profile.endpoints[key];
  if (!path.includes('{ticketId}')) return path;
  if (ticketId === undefined) throw new Error(`${endpointNames[key]} needs a ticket id`);
  return path.replace('{ticketId}', encodeURIComponent(String(ticketId)));
}
