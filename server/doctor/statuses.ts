import { failedRow, listItems } from './failures.ts';
import type { Probe } from './http.ts';
import { listOf } from './names.ts';
import { fail, ok, unknown, type Row } from './types.ts';

const SERVICE = '/api/v2/automate/connector/service';
const check = 'Closed statuses';
/** Enough for any real service desk; more boards are named as not read. */
const MAX_BOARDS = 25;

/** DESKDIRECTOR_CLOSED_STATUSES against the status names of every board on the instance. */
export async function checkClosedStatuses(probe: Probe, host: string, apiKey: string, closed: readonly string[]): Promise<Row[]> {
  const auth = `DdApi ${apiKey}`;
  const boardsUrl = `${host}${SERVICE}/boards`;
  const boards = await probe.getJson(boardsUrl, auth);
  if (!boards.ok) return [failedRow(check, 'GET', boardsUrl, boards, 'apiKey')];
  const list = (listItems(boards.json) ?? []).filter((b) => typeof b.id === 'string' || typeof b.id === 'number');
  if (list.length === 0) return [unknown(check, `GET ${SERVICE}/boards listed no boards: check DESKDIRECTOR_CLOSED_STATUSES by hand`)];

  const answers = await Promise.all(
    list.slice(0, MAX_BOARDS).map(async (b) => {
      const url = `${host}${SERVICE}/statuses?boardId=${encodeURIComponent(String(b.id))}`;
      return { url, answer: await probe.getJson(url, auth) };
    }),
  );
  const failed = answers.find((a) => !a.answer.ok);
  if (failed && !failed.answer.ok) return [failedRow(check, 'GET', failed.url, failed.answer, 'apiKey')];
  const names = new Map<string, string>();
  for (const { answer } of answers) {
    if (!answer.ok) continue;
    for (const s of listItems(answer.json) ?? []) if (typeof s.name === 'string') names.set(s.name.trim().toLowerCase(), s.name.trim());
  }
  const skipped = list.length > MAX_BOARDS ? ` (read the first ${MAX_BOARDS} of ${list.length} boards)` : '';
  const unknownNames = closed.filter((n) => !names.has(n));
  if (unknownNames.length === 0) return [ok(check, `${listOf(closed.map((n) => `"${names.get(n)}"`))} are statuses on the instance${skipped}`)];
  return [
    fail(
      check,
      `${listOf(unknownNames.map((n) => `"${n}"`))} ${unknownNames.length === 1 ? 'is not a status' : 'are not statuses'} on any board${skipped}: set DESKDIRECTOR_CLOSED_STATUSES to the ones that close a ticket, from: ${listOf([...names.values()])}`,
    ),
  ];
}
