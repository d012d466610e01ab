import * as v from 'valibot';

// The doctor's table (`npm run doctor`), as the proxy's setup check answers it to a
// technician. Only the setup check's lazy chunk and the proxy import this module.

export const rowStatuses = ['ok', 'fail', 'unknown'] as const;
export type RowStatus = (typeof rowStatuses)[number];

/** One line of the doctor's table; `detail` says what to change (an env var or a profile key), never a secret. */
export const rowSchema = v.object({ status: v.picklist(rowStatuses), check: v.string(), detail: v.string() });
export type Row = v.InferOutput<typeof rowSchema>;

/** What each mark means, for those who do not see it. */
export const rowStatusLabels: Record<RowStatus, { mark: string; label: string }> = {
  ok: { mark: '✓', label: 'Passed' },
  fail: { mark: '✗', label: 'Needs a fix' },
  unknown: { mark: '?', label: 'Not known, to confirm' },
};

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** GET /api/setup-check (technicians only). `?fresh=1` runs the checks again instead of answering the last minute's run. */
export const setupCheckReplySchema = v.object({
  checkedAt: v.string(),
  host: v.string(),
  rows: v.array(rowSchema),
  /** The profile file the doctor suggests, as JSON (its `$comment` says what was guessed). */
  suggestedProfile: v.unknown(),
  counts: v.object({ ok: count, fail: count, unknown: count }),
});
export type SetupCheckReply = v.InferOutput<typeof setupCheckReplySchema>;

export const countRows = (rows: readonly Row[]): SetupCheckReply['counts'] => ({
  ok: rows.filter((r) => r.status === 'ok').length,
  fail: rows.filter((r) => r.status === 'fail').length,
  unknown: rows.filter((r) => r.status === 'unknown').length,
});
