import type { Db } from './driver.ts';
import { fromJson, isoAt } from './rows.ts';

/** A key left in flight this long belongs to a proxy that stopped mid-request. */
const IN_FLIGHT_MS = 2 * 60_000;

/** A client's Idempotency-Key, scoped to the caller that sent it on one instance. */
export interface KeyRef {
  host: string;
  caller: string;
  key: string;
}

export type KeyClaim = { kind: 'fresh' } | { kind: 'replay'; status: number; response: unknown } | { kind: 'conflict' } | { kind: 'in-flight' };

export function createIdempotencyKeys(db: Db, now: () => number) {
  const keys = {
    /** Claims a client's Idempotency-Key, or reports what the first request with it did. */
    async claim(k: KeyRef, requestHash: string): Promise<KeyClaim> {
      const at = now();
      const inserted = await db.query(
        `insert into idempotency_keys (dd_host, caller, key, request_hash, created_at) values ($1, $2, $3, $4, $5)
         on conflict (dd_host, caller, key) do update set request_hash = excluded.request_hash, created_at = excluded.created_at
           where idempotency_keys.status is null and idempotency_keys.created_at < $6
         returning key`,
        [k.host, k.caller, k.key, requestHash, isoAt(at), isoAt(at - IN_FLIGHT_MS)],
      );
      if (inserted.rows.length > 0) return { kind: 'fresh' };
      const { rows } = await db.query<{ request_hash: string; status: number | null; response: unknown }>(
        `select request_hash, status, response from idempotency_keys where dd_host = $1 and caller = $2 and key = $3`,
        [k.host, k.caller, k.key],
      );
      const row = rows[0];
      // Released between our insert and our read: claim again.
      if (!row) return keys.claim(k, requestHash);
      if (row.request_hash !== requestHash) return { kind: 'conflict' };
      if (row.status === null) return { kind: 'in-flight' };
      return { kind: 'replay', status: row.status, response: fromJson(row.response) };
    },

    async complete(k: KeyRef, status: number, response: unknown): Promise<void> {
      await db.query(`update idempotency_keys set status = $4, response = $5 where dd_host = $1 and caller = $2 and key = $3`, [
        k.host,
        k.caller,
        k.key,
        status,
        JSON.stringify(response),
      ]);
    },

    /** A request that failed without a definite outcome frees its key, so the retry runs again. */
    async release(k: KeyRef): Promise<void> {
      await db.query(`delete from idempotency_keys where dd_host = $1 and caller = $2 and key = $3 and status is null`, [k.host, k.caller, k.key]);
    },
  };
  return keys;
}
