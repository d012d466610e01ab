import type { Db } from './db.ts';

const SWEEP_EVERY_MS = 10 * 60_000;
/** Drafts nobody touched for this long are deleted. */
const DRAFT_DAYS = 14;

/** Deletes expired idempotency keys (kept at least 24 hours), old drafts and old webhook deliveries. */
export function createHousekeeping(db: Db, now: () => number = () => Date.now()) {
  let lastSweep = 0;
  return {
    /** Now and then, not on every call: the job's tick calls this freely. */
    async sweepIfDue(): Promise<boolean> {
      if (now() - lastSweep < SWEEP_EVERY_MS) return false;
      lastSweep = now();
      await db.query(`delete from idempotency_keys where created_at < now() - interval '48 hours'`);
      await db.query(`delete from drafts where updated_at < now() - make_interval(days => $1)`, [DRAFT_DAYS]);
      await db.query(`delete from webhook_deliveries where received_at < now() - interval '30 days'`);
      return true;
    },
  };
}
