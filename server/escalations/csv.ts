import { type Escalation, stateLabels } from '../../common/contract.ts';

const csvColumns: Array<[string, (e: Escalation) => string | number | null]> = [
  ['escalation id', (e) => e.id],
  ['ticket', (e) => e.ticketId],
  ['company', (e) => e.companyName],
  // The names the page's badges use.
  ['state', (e) => stateLabels[e.state].badge],
  // Tries at sending it: a retry is another attempt on the same escalation, not another row.
  ['tries', (e) => e.attempts.length],
  ['question id', (e) => e.questionId],
  ['question url', (e) => e.questionUrl],
  ['subject', (e) => e.subject],
  ['asked for', (e) => `${e.askedFor.name} <${e.askedFor.email}>`],
  ['escalated by', (e) => `${e.escalatedBy.name} (${e.escalatedBy.app})`],
  ['created at', (e) => e.createdAt],
  ['closed at', (e) => e.closedAt],
  ['closed by', (e) => (e.closedBy ? `${e.closedBy.name} (${e.closedBy.app})` : null)],
  ['last error', (e) => e.lastError],
];

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula (ASVS 5.0 1.2.10). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r\0]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Escalation[]): string {
  const lines = [csvColumns.map(([h]) => h).join(',')];
  for (const e of rows) lines.push(csvColumns.map(([, get]) => csvCell(get(e))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
