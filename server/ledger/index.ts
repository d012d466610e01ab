import type { Db } from './db.ts';
import { createDrafts } from './drafts.ts';
import { createEscalations } from './escalations.ts';
import { createHousekeeping } from './housekeeping.ts';
import { createIdempotencyKeys } from './idempotency-keys.ts';
import { createOutboxLedger } from './outbox.ts';
import { report, type ReportQuery } from './report.ts';
import { createWebhookDeliveries } from './webhook-deliveries.ts';

/** The escalation ledger: every SQL statement the proxy runs, one module per table. */
export function createLedger(db: Db) {
  return {
    escalations: { ...createEscalations(db), report: (host: string, f: ReportQuery) => report(db, host, f) },
    keys: createIdempotencyKeys(db),
    deliveries: createWebhookDeliveries(db),
    drafts: createDrafts(db),
    outbox: createOutboxLedger(db),
    housekeeping: createHousekeeping(db),
  };
}

export type Ledger = ReturnType<typeof createLedger>;
