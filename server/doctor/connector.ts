import type { FieldKey, Profile } from '../profile/profile.ts';
import type { Draft } from './draft.ts';
import { failedRow, listItems } from './failures.ts';
import type { Probe } from './http.ts';
import { bestName, fieldSynonyms, listOf } from './names.ts';
import { nestedFields, schemaFields } from './openapi.ts';
import { checkBodyNames } from './request-names.ts';
import { fail, ok, unknown, type Row } from './types.ts';

// The connector's per-instance schemas, read with the API key: the ticket it returns, the
// find body it takes, and what a status-change webhook delivers.

const CONNECTOR = '/api/v2/automate/connector';
const ticketFields: Array<{ key: FieldKey; required: boolean }> = [
  { key: 'id', required: true },
  { key: 'summary', required: true },
  { key: 'status', required: true },
  { key: 'contact', required: true },
  { key: 'createdOn', required: true },
  ...(['description', 'isClosed', 'board', 'priority', 'type', 'company', 'updatedOn'] as const).map((key) => ({ key, required: false })),
];

function checkTicketDetails(fields: readonly string[], profile: Profile, draft: Draft): Row[] {
  const check = 'TicketDetails fields';
  const connectorMode = profile.ticketReads === 'connector';
  const lacking: string[] = [];
  const suggestions: string[] = [];
  for (const { key, required } of ticketFields) {
    const names = profile.fields[key];
    if (names.some((n) => fields.includes(n))) continue;
    const other = bestName(fields, [], fieldSynonyms[key]);
    if (other) {
      // Added, not swapped: the Portal and TECH answers may still use the profile's names.
      draft.setFields(key, [...draft.profile.fields[key], other]);
      suggestions.push(`fields.${key}: add "${other}"`);
    }
    if (required || other) lacking.push(`fields.${key} (${names.join('|')})`);
  }
  if (lacking.length === 0) return [ok(check, `names every ticket field the product reads`)];
  const note = connectorMode ? '' : ' (tickets are read this way only when ticketReads is "connector")';
  const rows = [
    (connectorMode ? fail : unknown)(
      check,
      `the schema has no ${listOf(lacking)} (it has: ${listOf(fields)}): set ${listOf(lacking.map((l) => l.split(' ')[0]!))}${note}`,
    ),
  ];
  if (suggestions.length) rows.push(unknown(`${check} (suggestion)`, `${suggestions.join(', ')}: confirm (it is in the suggested profile)`));
  return rows;
}

// The paths the webhook reader tries (server webhook code), top level or under `ticket`.
const idNames = ['id', 'ticketId', 'entityId'];
const statusNames = ['status', 'statusName'];

async function checkWebhookPayloads(probe: Probe, host: string, auth: string): Promise<Row[]> {
  const eventsUrl = `${host}${CONNECTOR}/ticket-workflow-events`;
  const answer = await probe.getJson(eventsUrl, auth);
  if (!answer.ok) return [failedRow('Webhook events', 'GET', eventsUrl, answer, 'apiKey')];
  const events = (listItems(answer.json) ?? []).filter((e) => typeof e.id === 'string' || typeof e.id === 'number');
  const statusEvents = events.filter((e) => /status/i.test(`${String(e.id)} ${String(e.name ?? '')}`)).slice(0, 3);
  if (statusEvents.length === 0) {
    return [
      unknown(
        'Webhook events',
        `none of the ${events.length} events names a status (${listOf(events.map((e) => String(e.name ?? e.id)))}): subscribe the webhook to the event that fires when a ticket's status changes, and check its Payload Sample`,
      ),
    ];
  }
  return Promise.all(
    statusEvents.map(async (event): Promise<Row> => {
      const check = `Webhook payload (${String(event.id)})`;
      const url = `${host}${CONNECTOR}/schema/ticket-workflow-webhook/$request?type=${encodeURIComponent(String(event.id))}`;
      const schema = await probe.getJson(url, auth);
      if (!schema.ok) return failedRow(check, 'GET', url, schema, 'apiKey');
      const top = schemaFields(schema.json) ?? [];
      const inner = nestedFields(schema.json, 'ticket') ?? [];
      const id = idNames.find((n) => top.includes(n)) ?? (inner.includes('id') ? 'ticket.id' : undefined);
      const status = statusNames.find((n) => top.includes(n)) ?? statusNames.map((n) => `ticket.${n}`).find((n) => inner.includes(n.slice(7)));
      if (id && status) return ok(check, `carries the ticket id (${id}) and its status (${status}) where the webhook looks`);
      const lacks = [id ? null : 'a ticket id (id, ticketId, entityId or ticket.id)', status ? null : 'a status (status, statusName or ticket.status)'].filter(
        Boolean,
      );
      return fail(
        check,
        `has no ${lacks.join(' and no ')} (it has: ${listOf(top)}): closing cannot follow this event; choose another event or send us its Payload Sample`,
      );
    }),
  );
}

export async function checkConnector(probe: Probe, host: string, apiKey: string, profile: Profile, draft: Draft): Promise<Row[]> {
  const auth = `DdApi ${apiKey}`;
  const typeUrl = (t: string) => `${host}${CONNECTOR}/schema/dynamic-types/${t}`;
  const [details, find, webhook] = await Promise.all([
    probe.getJson(typeUrl('TicketDetails'), auth),
    probe.getJson(typeUrl('FindTicketsRequest'), auth),
    checkWebhookPayloads(probe, host, auth),
  ]);
  const rows: Row[] = [];

  const detailFields = details.ok ? schemaFields(details.json) : null;
  if (!details.ok) rows.push(failedRow('TicketDetails fields', 'GET', typeUrl('TicketDetails'), details, 'apiKey'));
  else if (!detailFields) rows.push(unknown('TicketDetails fields', 'the answer is not a schema with properties: compare the fields by hand'));
  else rows.push(...checkTicketDetails(detailFields, profile, draft));

  const check = 'FindTicketsRequest body';
  const findFields = find.ok ? schemaFields(find.json) : null;
  if (!find.ok) rows.push(failedRow(check, 'GET', typeUrl('FindTicketsRequest'), find, 'apiKey'));
  else if (!findFields) rows.push(unknown(check, 'the answer is not a schema with properties: confirm requests.connectorFindTickets by hand'));
  else {
    const connectorMode = profile.ticketReads === 'connector';
    rows.push(
      ...checkBodyNames({
        group: 'connectorFindTickets',
        check,
        source: 'the FindTicketsRequest schema',
        fields: findFields,
        profile,
        draft,
        severity: connectorMode ? 'fail' : 'unknown',
        note: connectorMode ? '' : ' (used only when ticketReads is "connector")',
      }),
    );
  }
  return [...rows, ...webhook];
}
