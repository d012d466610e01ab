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
import { createSendIntents, type Announced } from './send-intents.ts';
import { createWebhookDeliveries } from './webhook-deliveries.ts';

/**
 * The escalation ledger: every SQL statement the proxy runs, one module per table. Times
 * come from `now` (the proxy's clock, passed in as parameters), not from the database.
 */
export function createLedger(db: Db, now: () => number = Date.now, boot?: string) {
  const escalations = createEscalations(db, now);
  const intents = createSendIntents(db, now, boot);
  const slot = createEscalationSlot(db, now, escalations.activeSettled, intents);
  /** A send an earlier boot may have made without a record of it: the ticket is held as unknown. */
  const holdUnseen = async (a: Announced) => {
    const claimed = await slot.claim({
      host: a.host,
      ticketId: a.ticketId,
      escalatedBy: a.escalatedBy,
      companyName: null,
      subject: a.subject,
      text: a.text,
      askedFor: { name: a.escalatedBy.name, email: '' },
      helpDeskId: a.helpDeskId,
      question: null,
    });
    if ('created' in claimed)
      await escalations.markFailed(
        claimed.created,
        { outcome: 'unknown', error: `The machine running the proxy restarted while this ticket was being sent (${a.at}); a question may exist in Directly.` },
        'unknown',
      );
  };
  return {
    intents: { announce: intents.announce, drop: intents.drop, recover: () => intents.recover(holdUnseen) },
    escalations: {
      ...escalations,
      ...slot,
      ...createEscalationQueue(db, now),
      ...createEscalationReads(db),
      report: (host: string, f: ReportQuery) => report(db, host, f),
      reportRows: (host: string, f: ReportQuery) => reportRows(db, host, f),
    },
    keys: createIdempotencyKeys(db, now),
    deliveries: createWebhookDeliveries(db, now),
    drafts: createDrafts(db, now),
    outbox: createOutboxLedger(db),
    housekeeping: createHousekeeping(db, now, () => intents.recover(holdUnseen)),
    /** Readiness: resolves once the database answers (LedgerUnavailable when it does not). */
    ready: async () => {
      await db.query('select 1');
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
