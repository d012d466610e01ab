// Seed data for the simulated DeskDirector instance: two companies, several contacts,
// two technicians, and tickets spread across them.
import type { DdTicket } from '../../common/deskdirector.ts';

export interface SimContact {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  companyId: number;
}
export interface SimMember {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
}

export const companies = [
  { id: 10, name: 'Northwind Traders' },
  { id: 20, name: 'Contoso Dental' },
  { id: 30, name: 'Fabrikam Legal' },
];

export const contacts: SimContact[] = [
  { id: 101, firstName: 'Alice', lastName: 'Nguyen', email: 'alice@northwind.example', companyId: 10 },
  { id: 102, firstName: 'Bob', lastName: 'Okafor', email: 'bob@northwind.example', companyId: 10 },
  { id: 201, firstName: 'Carmen', lastName: 'Ruiz', email: 'carmen@contoso.example', companyId: 20 },
  { id: 301, firstName: 'Dmitri', lastName: 'Volkov', email: 'dmitri@fabrikam.example', companyId: 30 },
];

export const members: SimMember[] = [
  { id: 9001, firstName: 'Tess', lastName: 'Tech', email: 'tess@msp.example' },
  { id: 9002, firstName: 'Omar', lastName: 'Ops', email: 'omar@msp.example' },
];

const statuses = {
  new: { id: 1, name: 'New' },
  progress: { id: 2, name: 'In Progress' },
  waiting: { id: 3, name: 'Waiting on client' },
  resolved: { id: 8, name: 'Resolved' },
  closed: { id: 9, name: 'Closed' },
};
/** Every status a technician can set in the simulated portal; the last two close a ticket. */
export const ticketStatuses = Object.values(statuses);
export const closedStatusNames = new Set(['resolved', 'closed']);
const boards = { help: { id: 1, name: 'Help Desk' }, proj: { id: 2, name: 'Projects' } };
const priorities = { low: { id: 1, name: 'Low' }, med: { id: 2, name: 'Medium' }, high: { id: 3, name: 'High' } };
const types = { howto: { id: 1, name: 'How-to' }, incident: { id: 2, name: 'Incident' }, request: { id: 3, name: 'Service request' } };

const seeds: Array<[number, string, string, keyof typeof statuses, keyof typeof boards, keyof typeof priorities, keyof typeof types]> = [
  [
    101,
    'Outlook keeps asking for my password',
    'Since this morning Outlook on my laptop prompts for my password every few minutes. I have restarted twice. Webmail works fine.',
    'new',
    'help',
    'med',
    'howto',
  ],
  [
    101,
    'How do I share a calendar with my team?',
    'I want everyone in sales to see my calendar but not edit it. Which setting is that in Outlook?',
    'progress',
    'help',
    'low',
    'howto',
  ],
  [
    101,
    'Excel pivot table will not refresh',
    'The pivot table on the Q3 sheet shows old numbers after I paste new data. Refresh all does nothing.',
    'waiting',
    'help',
    'med',
    'howto',
  ],
  [101, 'Teams camera is black in meetings', 'Camera works in the Windows camera app but is black in Teams meetings.', 'new', 'help', 'high', 'incident'],
  [
    101,
    'Set up email signature with logo',
    'Marketing sent a new logo. How do I add it to my signature so it shows on mobile too?',
    'new',
    'help',
    'low',
    'howto',
  ],
  [101, 'Printer on 2nd floor prints blank pages', 'HP printer near the kitchen prints blank pages from Word only.', 'progress', 'help', 'med', 'incident'],
  [101, 'Old laptop return', 'When can I drop off my old laptop?', 'closed', 'help', 'low', 'request'],
  [102, 'OneDrive sync stuck on 1 file', 'OneDrive says "processing changes" for a file named budget.xlsx for two days.', 'new', 'help', 'med', 'howto'],
  [102, 'Need access to shared mailbox', 'Please add me to accounts@northwind.example.', 'new', 'help', 'med', 'request'],
  [201, 'Scanner to email stopped working', 'The front desk scanner no longer sends to email since Friday.', 'new', 'help', 'high', 'incident'],
  [
    201,
    'How to mail merge patient reminders',
    'I need to send appointment reminders from an Excel list using Word mail merge.',
    'progress',
    'help',
    'low',
    'howto',
  ],
  [301, 'PDF signatures not valid in Acrobat', 'Signed PDFs show "signature validity unknown" for the other party.', 'new', 'help', 'med', 'howto'],
  [301, 'Migrate file server to SharePoint', 'Project to plan the move of the S: drive.', 'progress', 'proj', 'med', 'request'],
];

export function seedTickets(now = Date.parse('2026-11-20T09:00:00Z')): DdTicket[] {
  return seeds.map(([contactId, summary, description, status, board, priority, type], i) => {
    const contact = contacts.find((c) => c.id === contactId)!;
    const company = companies.find((c) => c.id === contact.companyId)!;
    return {
      id: 5001 + i,
      summary,
      description,
      status: statuses[status],
      isClosed: closedStatusNames.has(status),
      board: boards[board],
      priority: priorities[priority],
      type: types[type],
      contact: { id: contact.id, name: `${contact.firstName} ${contact.lastName}`, email: contact.email },
      company,
      createdOn: new Date(now - i * 3_600_000 * 7).toISOString(),
      updatedOn: new Date(now - i * 3_600_000).toISOString(),
    };
  });
}
