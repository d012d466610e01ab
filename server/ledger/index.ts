import type { Db } from './driver.ts';
import { createDrafts } from './drafts.ts';
import { createEscalationQueue } from './escalation-queue.ts';
import { createEscalationReads } from './escalation-reads.ts';
import { createEscalationSlot } from './escalation-slot.ts';
import { createEscalations } from './escalations.ts';
import { createHousekeeping } from './housekeeping.ts';
import { createIdempotencyKeys } from './idempotency-keys.ts';
import { createOutboxLedger } from './outbox.ts';
import { report, reportRows, type ReportQuery } from './report.ts';
import { createWebhookDeliveries } from './webhook-deliveries.ts';

/**
 * The escalation ledger: every SQL statement the proxy runs, one module per table. Times
 * come from `now` (the proxy's clock, passed in as parameters), not from the database.
 */
export function createLedger(db: Db, now: () => number = Date.now) {
  const escalations = createEscalations(db, now);
  return {
    escalations: {
      ...escalations,
      ...createEscalationSlot(db, now, escalations.activeSettled),
      ...createEscalationQueue(db, now),
      ...createEscalationReads(db),
      report: (host: string, f: ReportQuery) => report(db, host, f),
      reportRows: (host: string, f: ReportQuery) => reportRows(db, host, f),
    },
    keys: createIdempotencyKeys(db, now),
    deliveries: createWebhookDeliveries(db, now),
    drafts: createDrafts(db, now),
    outbox: createOutboxLedger(db),
    housekeeping: createHousekeeping(db, now),
    /** Readiness: resolves once the database answers (LedgerUnavailable when it does not). */
    ready: async () => {
      await db.query('select 1');
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
