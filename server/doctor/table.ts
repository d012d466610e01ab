import type { DoctorResult, Row, RowStatus } from './types.ts';

export const marks: Record<RowStatus, string> = { ok: '✓', fail: '✗', unknown: '?' };

/** One table: mark, check, what to change; long details wrap under their own column. */
export function formatTable(rows: readonly Row[], width = 120): string {
  const checkWidth = Math.min(40, Math.max(...rows.map((r) => r.check.length)));
  const indent = 2 + checkWidth + 2;
  const lines: string[] = [];
  for (const r of rows) {
    // A longer check pushes only its own first line to the right.
    const first = Math.max(20, width - 2 - Math.max(checkWidth, r.check.length) - 2);
    const wrapped = wrap(r.detail, first, Math.max(30, width - indent));
    lines.push(`${marks[r.status]} ${r.check.padEnd(checkWidth)}  ${wrapped.join(`\n${' '.repeat(indent)}`)}`);
  }
  const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
  lines.push('', `${count('ok')} ✓   ${count('fail')} ✗   ${count('unknown')} ?`);
  return lines.join('\n');
}

function wrap(text: string, firstWidth: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > (out.length ? width : firstWidth)) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** The suggested profile as a file: the whole profile, and a note of what was guessed. */
export function suggestedProfileFile(result: DoctorResult, host: string, when = new Date()): string {
  const guessed = result.guessed.length
    ? `Guessed from the instance, to confirm before use: ${result.guessed.join(', ')}.`
    : 'Nothing was guessed: this is the profile the doctor ran with.';
  const observed = result.observed.length ? ` Put first the names the instance's answers use: ${result.observed.join(', ')}.` : '';
  const comment = `Written by "npm run doctor" for ${host} on ${when.toISOString().slice(0, 10)}. ${guessed}${observed} Rows marked ? in its table say what to confirm. Use it with DESKDIRECTOR_PROFILE_FILE.`;
  return `${JSON.stringify({ $comment: comment, ...result.suggestedProfile }, null, 2)}\n`;
}
