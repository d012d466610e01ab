import type { Db } from './driver.ts';
import { isoAt } from './rows.ts';

const SWEEP_EVERY_MS = 10 * 60_000;
/** Drafts nobody touched for this long are deleted. */
const DRAFT_DAYS = 14;
const HOUR = 3_600_000;

/**
 * Deletes expired idempotency keys (kept at least 24 hours), old drafts and old webhook
 * deliveries, and settles the sends a stopped proxy left behind (`recoverIntents`).
 */
export function createHousekeeping(db: Db, now: () => number = () => Date.now(), recoverIntents: () => Promise<number> = async () => 0) {
  let lastSweep = 0;
  return {
    /** Now and then, not on every call: the job's tick calls this freely. */
    async sweepIfDue(): Promise<boolean> {
      if (now() - lastSweep < SWEEP_EVERY_MS) return false;
      lastSweep = now();
      const ago = (hours: number) => [isoAt(lastSweep - hours * HOUR)];
      await db.query(`delete from idempotency_keys where created_at < $1`, ago(48));
      await db.query(`delete from drafts where updated_at < $1`, ago(DRAFT_DAYS * 24));
      await db.query(`delete from webhook_deliveries where received_at < $1`, ago(30 * 24));
      await recoverIntents();
      return true;
    },
  };
}
