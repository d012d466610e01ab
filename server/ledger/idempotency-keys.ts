import type { Db } from './db.ts';
import { fromJson } from './rows.ts';

/** A client's Idempotency-Key, scoped to the caller that sent it on one instance. */
export interface KeyRef {
  host: string;
  caller: string;
  key: string;
}

export type KeyClaim = { kind: 'fresh' } | { kind: 'replay'; status: number; response: unknown } | { kind: 'conflict' } | { kind: 'in-flight' };

export function createIdempotencyKeys(db: Db) {
  const keys = {
    /** Claims a client's Idempotency-Key, or reports what the first request with it did. */
    async claim(k: KeyRef, requestHash: string): Promise<KeyClaim> {
      // A key left in flight by a proxy that stopped mid-request is free again after 2 minutes.
      const inserted = await db.query(
        `insert into idempotency_keys (dd_host, caller, key, request_hash) values ($1, $2, $3, $4)
         on conflict (dd_host, caller, key) do update set request_hash = excluded.request_hash, created_at = now()
           where idempotency_keys.status is null and idempotency_keys.created_at < now() - interval '2 minutes'
         returning key`,
        [k.host, k.caller, k.key, requestHash],
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
