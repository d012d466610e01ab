// Questions a caller asked to send "when Directly is back": kept `queued`, holding the
// ticket, until jobs/queued-sends.ts takes one to send.
import type { Escalation } from '../../common/contract.ts';
import type { Db } from './driver.ts';
import type { NewAttempt } from './escalations.ts';
import { escalationById, firstEscalation, firstRow, fromJson, isoAt, toEscalation } from './rows.ts';

export function createEscalationQueue(db: Db, now: () => number) {
  const one = (sql: string, params: unknown[]) => firstEscalation(db, sql, params);
  const oneRow = (sql: string, params: unknown[]) => firstRow(db, sql, params);
  const byId = (id: string) => escalationById(db, id);
  return {
    /** A try that made nothing (or none made: null), kept to be sent again from `dueAt` on by the queue, as the caller asked. */
    async markQueued(pending: Escalation, attempt: NewAttempt | null, dueAt: number): Promise<Escalation> {
      const at = isoAt(now());
      const attempts = attempt ? [...pending.attempts, { ...attempt, at }] : pending.attempts;
      const queued = await one(
        `update escalations set state = 'queued', last_error = $2, attempts = $3, attempt_at = $4, updated_at = $5 where id = $1 and state = 'pending' returning *`,
        [pending.id, attempt?.error ?? pending.lastError, JSON.stringify(attempts), isoAt(dueAt), at],
      );
      if (!queued) return byId(pending.id);
      // The user is told it waits in the queue: it must outlive a power cut.
      await db.durable();
      return queued;
    },

    /**
     * Takes the queued escalation that is due first, turning it pending: one instance wins
     * it, and if that one stops mid-call the stale-pending rule holds it as unknown.
     */
    async claimQueued(): Promise<{ escalation: Escalation; helpDeskId: string; question: unknown } | null> {
      const at = isoAt(now());
      const row = await oneRow(
        `update escalations set state = 'pending', attempt_at = $1, updated_at = $1
         where id = (select id from escalations where state = 'queued' and attempt_at <= $1 order by attempt_at limit 1${db.skipLocked}) and state = 'queued' returning *`,
        [at],
      );
      if (!row) return null;
      await db.durable();
      return { escalation: toEscalation(row), helpDeskId: row.help_desk_id!, question: fromJson(row.question) };
    },
  };
}
