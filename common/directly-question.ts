import { displayName, type DdApp, type DdTicket, type DdUser } from './deskdirector.ts';
import type { ExpertMapping, TicketField } from './expert-mapping.ts';
import { cleanLine, cleanText, emailOf, isEmail, limits } from './question.ts';

// What an escalation sends to Directly, built the same way by the proxy (to send it) and
// by the page (to show the user exactly what experts will see), only on its ticket screen.

export interface Asker {
  fullname: string;
  emailAddress: string;
  /** The asker is the ticket's contact, so their address is the contact's where DeskDirector has none. */
  forContact?: boolean;
}

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

/** The ticket's portal deep link (documented: help article rb70qsabfd), the question's `link` field. */
function ticketDeepLink(host: string, ticketId: number): string {
  // The query as URLSearchParams would write it, without building one (a third of the cost).
  return `${new URL('/portal/deeplink', host).href}?name=ticket&ticket_id=${encodeURIComponent(ticketId)}`;
}

function rawFieldValue(ticket: DdTicket, field: TicketField, host: string, asker: Asker): string | null | undefined {
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
      return ticket.contact.email ?? (asker.forContact ? asker.emailAddress : null);
    case 'createdOn':
      return ticket.createdOn;
    case 'link':
      return ticketDeepLink(host, ticket.id);
  }
}

const ticketFieldValue = (ticket: DdTicket, field: TicketField, host: string, asker: Asker): string =>
  cleanText(rawFieldValue(ticket, field, host, asker) ?? '').slice(0, limits.metadataValueMax);

function routing(ticket: DdTicket, mapping: ExpertMapping): { questionCategory?: string; isEliteOnly: boolean } {
  const facts: Record<string, string | undefined> = {
    board: ticket.board?.name,
    type: ticket.type?.name,
    priority: ticket.priority?.name,
    company: ticket.company?.name,
  };
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
