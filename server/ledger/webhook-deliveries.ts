import type { Db } from './driver.ts';
import { isoAt } from './rows.ts';

/** A claim left `processing` this long belongs to a proxy that stopped. */
const PROCESSING_MS = 2 * 60_000;

export type DeliveryClaim = { kind: 'fresh'; failures: number } | { kind: 'seen'; outcome: string };

export function createWebhookDeliveries(db: Db, now: () => number) {
  return {
    /**
     * Claims a webhook delivery before acting on it. `fresh` carries how many earlier
     * tries failed; a claim left `processing` for 2 minutes belongs to a stopped proxy.
     */
    async claim(key: string): Promise<DeliveryClaim> {
      const at = now();
      const claimed = await db.query<{ attempts: number }>(
        `insert into webhook_deliveries (delivery_key, outcome, received_at) values ($1, 'processing', $2)
         on conflict (delivery_key) do update set outcome = 'processing', received_at = excluded.received_at
           where webhook_deliveries.outcome = 'failed'
              or (webhook_deliveries.outcome = 'processing' and webhook_deliveries.received_at < $3)
         returning attempts`,
        [key, isoAt(at), isoAt(at - PROCESSING_MS)],
      );
      if (claimed.rows[0]) return { kind: 'fresh', failures: Number(claimed.rows[0].attempts) };
      const { rows } = await db.query<{ outcome: string }>(`select outcome from webhook_deliveries where delivery_key = $1`, [key]);
      return { kind: 'seen', outcome: rows[0]?.outcome ?? 'processing' };
    },

    /** `failed` counts one more failure and lets a redelivery claim the key again. */
    async finish(key: string, outcome: string): Promise<void> {
      await db.query(`update webhook_deliveries set outcome = $2, attempts = attempts + (case when $2 = 'failed' then 1 else 0 end) where delivery_key = $1`, [
        key,
        outcome,
      ]);
    },
  };
}
