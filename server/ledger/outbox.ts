import { randomUUID } from 'node:crypto';
import { inList, type Db } from './driver.ts';
import { fromJson } from './rows.ts';

/** A DeskDirector write, queued by the statement that opens its escalation. */
export interface OutboxItem {
  kind: string;
  payload: unknown;
  /** Set when the row cannot be sent yet (e.g. no API key for the host), so the reason is visible. */
  lastError?: string | null;
}

export interface OutboxRow {
  id: string;
  kind: string;
  dd_host: string;
  ticket_id: string | number;
  escalation_id: string;
  payload: unknown;
  attempts: number;
}

/** Jobs that call Directly, not DeskDirector: due whether or not the host has an API key. */
export const CLOSE_QUESTION = 'close-question';
const NEEDS_NO_KEY = `kind = '${CLOSE_QUESTION}'`;

// Times come from the worker's clock (as ISO text), so tests can step through the backoff.
export function createOutboxLedger(db: Db) {
  return {
    /** Queues closing an escalation's question, unless a close of it is queued already; false then. */
    async enqueueClose(e: { id: string; host: string; ticketId: number }, payload: unknown, at: string): Promise<boolean> {
      const { rows } = await db.query(
        `insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload, next_attempt_at, created_at)
         select $1, '${CLOSE_QUESTION}', $2, $3, $4, $5, $6, $6
         where not exists (select 1 from outbox where escalation_id = $4 and kind = '${CLOSE_QUESTION}' and done_at is null) returning id`,
        [randomUUID(), e.host, e.ticketId, e.id, JSON.stringify(payload), at],
      );
      return rows.length > 0;
    },

    /** Rows due for an instance without a key: a visible reason and a slow retry, not an attempt. */
    async parkWithoutKey(now: string, until: string, reason: string, hostsWithKey: string[]): Promise<string[]> {
      const params: unknown[] = [now, until, reason];
      const { rows } = await db.query<{ dd_host: string }>(
        `update outbox set last_error = $3, next_attempt_at = $2
         where done_at is null and next_attempt_at <= $1 and not ${NEEDS_NO_KEY} and not (${inList('dd_host', hostsWithKey, params)}) returning dd_host`,
        params,
      );
      return rows.map((r) => r.dd_host);
    },

    /**
     * Claims up to `batch` due rows, counting the attempt and leasing them until `leaseUntil`.
     * Several proxies sharing one PostgreSQL never send the same row at once (db.skipLocked).
     */
    async claimDue(now: string, leaseUntil: string, batch: number, hosts: string[]): Promise<OutboxRow[]> {
      const params: unknown[] = [now, leaseUntil, batch];
      const { rows } = await db.query<OutboxRow>(
        `update outbox set attempts = attempts + 1, next_attempt_at = $2
         where id in (
           select id from outbox where done_at is null and next_attempt_at <= $1 and (${NEEDS_NO_KEY} or ${inList('dd_host', hosts, params)})
           order by next_attempt_at limit $3${db.skipLocked})
         returning id, kind, dd_host, ticket_id, escalation_id, payload, attempts`,
        params,
      );
      return rows.map((r) => ({ ...r, payload: fromJson(r.payload) }));
    },

    /**
     * Extends this claim's lease; false when the claim is no longer ours (another instance
     * claimed the row after the lease ran out, or it is done). A claim is its row and attempt.
     */
    async renewLease(id: string, attempts: number, until: string): Promise<boolean> {
      const { rows } = await db.query(`update outbox set next_attempt_at = $3 where id = $1 and attempts = $2 and done_at is null returning id`, [
        id,
        attempts,
        until,
      ]);
      return rows.length > 0;
    },

    async markDone(id: string, at: string): Promise<void> {
      await db.query(`update outbox set done_at = $2, last_error = null where id = $1`, [id, at]);
    },

    async retryLater(id: string, error: string, at: string): Promise<void> {
      await db.query(`update outbox set last_error = $2, next_attempt_at = $3 where id = $1`, [id, error, at]);
    },
  };
}
