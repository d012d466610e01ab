import { createHash } from 'node:crypto';
import type { Escalation } from '../../common/contract.ts';
import { errorBody } from '../../common/error-body.ts';
import { ApiError } from '../errors.ts';
import type { KeyRef } from '../ledger/idempotency-keys.ts';
import type { Ledger } from '../ledger/index.ts';
import type { Scope } from './escalate.ts';

/** Idempotency-Key: 8 to 200 visible ASCII characters, or a 400. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 8 to 200 visible ASCII characters.', {
      fields: { 'Idempotency-Key': 'must be 8 to 200 visible ASCII characters' },
    });
  }
  return key;
}

// The question alone: "send it when Directly is back" changes only what a failure does, so
// a retry of either kind after a lost answer gets the first answer back.
export const requestHash = (ticketId: number, draft: { subject: string; text: string }) =>
  createHash('sha256')
    .update(JSON.stringify([ticketId, draft.subject, draft.text]))
    .digest('hex');

export type Keyed = { kind: 'ran'; escalation: Escalation } | { kind: 'replay'; status: 201 | 202 | 409; response: object };

/**
 * Runs `run` only for a fresh claim of the key; a retry of the same request gets the first
 * answer back, another request with the key is refused. `refused` runs when `run` will not.
 */
export async function withIdempotencyKey(
  ledger: Ledger,
  scope: Scope,
  key: KeyRef,
  hash: string,
  run: () => Promise<Escalation>,
  refused: () => void,
): Promise<Keyed> {
  const claim = await scope.time('key', ledger.keys.claim(key, hash));
  if (claim.kind !== 'fresh') refused();
  if (claim.kind === 'conflict') throw new ApiError(422, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request.');
  if (claim.kind === 'in-flight')
    throw new ApiError(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still being processed; try again in a moment.');
  if (claim.kind === 'replay') return { kind: 'replay', status: claim.status as 201 | 202 | 409, response: claim.response as object };
  try {
    return { kind: 'ran', escalation: await run() };
  } catch (e) {
    // A definite outcome is remembered; anything else lets the retry run again.
    if (e instanceof ApiError && e.code === 'already_escalated') {
      await ledger.keys.complete(key, 409, errorBody(e.code, e.message, { escalation: e.extra.escalation }));
    } else {
      await ledger.keys.release(key);
    }
    throw e;
  }
}
