import { checkConnector } from './connector.ts';
import { createDraft } from './draft.ts';
import { checkEndpoints } from './endpoints.ts';
import { createProbe } from './http.ts';
import { checkWithToken } from './live.ts';
import { checkRequestSchemas } from './request-names.ts';
import { checkDirectly, checkSettings } from './settings.ts';
import { checkClosedStatuses } from './statuses.ts';
import { findDocuments } from './swagger-find.ts';
import { fail, ok, unknown, type DoctorOptions, type DoctorResult, type Row } from './types.ts';

/**
 * Checks a profile against the instance it describes, read-only: GETs, and one POST for
 * the ticket search (a read). Returns the table and a suggested profile; a row never
 * holds a secret or a value from an answer, only names.
 */
export async function runDoctor(o: DoctorOptions): Promise<DoctorResult> {
  const host = new URL(o.host).origin;
  const probe = createProbe({ ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
  const draft = createDraft(o.profile);
  const rows: Row[] = checkSettings(o);

  const [reach, directly] = await Promise.all([probe.reach(`${host}/`), checkDirectly(probe, o.directly.baseUrl)]);
  if (!reach.ok) {
    rows.push(fail('Instance answers', `${host} ${reach.problem}: check the URL given to the doctor`));
    rows.push(unknown('Instance checks', 'not run: the instance did not answer'));
    return { rows: [...rows, ...directly], suggestedProfile: draft.profile, guessed: [], observed: [] };
  }
  rows.push(ok('Instance answers', `${host} answered (HTTP ${reach.status})`));

  const docs = await findDocuments(probe, host, o.apiKey);
  rows.push(...checkEndpoints(docs, host, o.profile, draft));
  rows.push(...checkRequestSchemas(docs.found.length ? docs.found.flatMap((d) => d.operations) : null, o.profile, draft));

  if (o.apiKey) {
    const [connector, statuses] = await Promise.all([
      checkConnector(probe, host, o.apiKey, o.profile, draft),
      checkClosedStatuses(probe, host, o.apiKey, o.closedStatuses),
    ]);
    rows.push(...connector, ...statuses);
  } else {
    rows.push(unknown('Connector schemas', 'not checked: no API key (DESKDIRECTOR_API_KEYS)'));
    rows.push(unknown('Closed statuses', 'not checked: no API key (DESKDIRECTOR_API_KEYS) to read the statuses'));
  }
  // After the connector checks: the answers' field names refine what TicketDetails added.
  if (o.accessToken) rows.push(...(await checkWithToken(probe, host, o.accessToken, o.profile, draft)));

  return { rows: [...rows, ...directly], suggestedProfile: draft.profile, guessed: [...draft.guessed], observed: [...draft.observed] };
}
