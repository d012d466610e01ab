import { randomUUID } from 'node:crypto';
import { activeStates, type Actor, type Attempt, type Escalation } from '../../common/contract.ts';
import type { Db, OpenWrite } from './driver.ts';
import type { KeyRef } from './idempotency-keys.ts';
import type { OutboxItem } from './outbox.ts';
import { escalationById, firstEscalation, isoAt } from './rows.ts';

/** The states that hold a ticket's single slot (the partial unique index lists the same). */
const ACTIVE = `state in (${activeStates.map((s) => `'${s}'`).join(', ')})`;

/** A pending row older than this belongs to a proxy that stopped mid-call. */
const STALE_PENDING_SECONDS = 120;

/** A try's outcome as the ledger records it; its time is the ledger's clock. */
export type NewAttempt = Omit<Attempt, 'at'>;

/** What else the statement that opens an escalation writes. */
export interface AlsoOnOpen {
  enqueue?: OutboxItem | null | undefined;
  key?: KeyRef | undefined;
  draftOf?: string | undefined;
}

export function createEscalations(db: Db, now: () => number) {
  const one = (sql: string, params: unknown[]) => firstEscalation(db, sql, params);
  const byId = (id: string) => escalationById(db, id);
  const active = (host: string, ticketId: number) => one(`select * from escalations where dd_host = $1 and ticket_id = $2 and ${ACTIVE}`, [host, ticketId]);
  /**
   * The ticket's active escalation, a stale pending one first turned unknown: it belongs to
   * a proxy that stopped mid-call. Its clock is the try's start (attempt_at, else created_at),
   * which nothing but the row's own progress ends: errors noted on it do not restart it.
   */
  const activeSettled = async (host: string, ticketId: number) => {
    const at = now();
    return (
      (await one(
        `update escalations set state = 'unknown', updated_at = $3,
           last_error = 'The proxy stopped before it recorded Directly''s answer; a question may exist in Directly.'
         where dd_host = $1 and ticket_id = $2 and state = 'pending' and coalesce(attempt_at, created_at) < $4 returning *`,
        [host, ticketId, isoAt(at), isoAt(at - STALE_PENDING_SECONDS * 1000)],
      )) ?? (await active(host, ticketId))
    );
  };

  return {
    active,
    activeSettled,
    byId,

    /**
     * Records Directly's answer with what goes with it, all or nothing: the outbox row (so
     * the escalation is never open without its pending DeskDirector write), the answer
     * remembered for the client's Idempotency-Key, and the caller's draft of the ticket,
     * which is no longer needed. How it is made atomic is the driver's (db.recordOpen).
     */
    async markOpen(pending: Escalation, question: { id: number; url: string }, also: AlsoOnOpen = {}): Promise<Escalation> {
      const at = isoAt(now());
      const attempts: Attempt[] = [...pending.attempts, { at, outcome: 'sent', error: null }];
      const opened: Escalation = { ...pending, state: 'open', questionId: question.id, questionUrl: question.url, lastError: null, updatedAt: at, attempts };
      const write: OpenWrite = { escalationId: pending.id, questionId: question.id, questionUrl: question.url, at, attempts: JSON.stringify(attempts) };
      if (also.enqueue)
        write.note = { id: randomUUID(), kind: also.enqueue.kind, payload: JSON.stringify(also.enqueue.payload), lastError: also.enqueue.lastError ?? null };
      // The reply a retry gets back: this record as it now stands.
      if (also.key) write.key = { host: pending.host, caller: also.key.caller, key: also.key.key, response: JSON.stringify({ escalation: opened }) };
      if (also.draftOf !== undefined) write.draft = { host: pending.host, caller: also.draftOf, ticketId: pending.ticketId };
      if (await db.recordOpen(write)) {
        // On disk before the user is told the question exists.
        await db.durable();
        return opened;
      }
      // The record was settled while Directly was answering (it had been taken for a stopped
      // call, then closed): the question is kept on it, for whoever settled it to see.
      return (await one(
        `update escalations set question_id = coalesce(question_id, $2), question_url = coalesce(question_url, $3), last_error = $4, updated_at = $5 where id = $1 returning *`,
        [
          pending.id,
          question.id,
          question.url,
          `Directly created question ${question.id} only after this escalation had been settled; it is recorded here, not reopened.`,
          at,
        ],
      ))!;
    },

    // Each change names the states it may leave, so two actors racing (a technician and
    // the webhook) cannot undo each other; the loser gets the record as it now stands.
    /** A try that did not make a question: `unknown` when Directly may have acted without our seeing its answer. */
    async markFailed(pending: Escalation, attempt: NewAttempt, state: 'failed' | 'unknown' = 'failed'): Promise<Escalation> {
      const at = isoAt(now());
      return (
        (await one(
          `update escalations set state = $3, last_error = $2, attempts = $4, updated_at = $5 where id = $1 and state in ('pending','unknown') returning *`,
          [pending.id, attempt.error, state, JSON.stringify([...pending.attempts, { ...attempt, at }]), at],
        )) ?? (await byId(pending.id))
      );
    },

    /**
     * Takes the escalation's close for `leaseMs` (longer than a closeQuestion call can last):
     * null while another close holds it, or once it is no longer open or unknown.
     */
    async claimClose(id: string, leaseMs: number): Promise<Escalation | null> {
      const at = now();
      return one(
        `update escalations set closing_until = $3 where id = $1 and state in ('open','unknown') and (closing_until is null or closing_until < $2) returning *`,
        [id, isoAt(at), isoAt(at + leaseMs)],
      );
    },

    /** A close that failed: the error is shown, the close is free again, the state unchanged. */
    async closeFailed(id: string, error: string): Promise<Escalation> {
      return (await one(`update escalations set closing_until = null, last_error = $2, updated_at = $3 where id = $1 returning *`, [id, error, isoAt(now())]))!;
    },

    /**
     * Frees the ticket without a close at Directly, recorded as ended by `by`: a technician
     * releasing an unknown outcome (a question may still exist there), or anyone taking a
     * queued question out of the queue (nothing reached Directly). Null if it has moved on.
     */
    async endUnsent(id: string, from: 'unknown' | 'queued', by: Actor, note: string): Promise<Escalation | null> {
      const at = isoAt(now());
      return one(
        `update escalations set state = 'failed', closed_by = $2, closed_at = $3, last_error = $4, updated_at = $3
         where id = $1 and state = $5 and (closing_until is null or closing_until < $3) returning *`,
        [id, JSON.stringify(by), at, note, from],
      );
    },

    async markClosed(id: string, by: Actor | null): Promise<Escalation> {
      const closed = await one(
        `update escalations set state = 'closed', closed_by = $2, closed_at = $3, last_error = null, closing_until = null, updated_at = $3 where id = $1 and state in ('open','unknown') returning *`,
        [id, by === null ? null : JSON.stringify(by), isoAt(now())],
      );
      if (!closed) return byId(id);
      // Directly has closed the question: so does the ledger, for good.
      await db.durable();
      return closed;
    },

    async noteError(id: string, error: string): Promise<Escalation> {
      return (await one(`update escalations set last_error = $2, updated_at = $3 where id = $1 returning *`, [id, error, isoAt(now())]))!;
    },
  };
}
