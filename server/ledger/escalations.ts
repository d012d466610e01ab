import { randomUUID } from 'node:crypto';
import { activeStates, type Actor, type Attempt, type Escalation } from '../../common/contract.ts';
import { inList, type Db, type OpenWrite } from './driver.ts';
import type { KeyRef } from './idempotency-keys.ts';
import type { OutboxItem } from './outbox.ts';
import { fromJson, isoAt, toEscalation, type EscalationRow } from './rows.ts';

/** The states that hold a ticket's single slot (the partial unique index lists the same). */
const ACTIVE = `state in (${activeStates.map((s) => `'${s}'`).join(', ')})`;

/** A pending row older than this belongs to a proxy that stopped mid-call. */
const STALE_PENDING_SECONDS = 120;

/** What claims a ticket's slot, known before DeskDirector's answer: the rest comes with `fill`. */
export interface SlotClaim {
  host: string;
  ticketId: number;
  escalatedBy: Actor;
  /** The caller's draft and email, held until the question is built from the ticket. */
  subject: string;
  text: string;
  askedFor: { name: string; email: string };
  /** The ticket's helpDeskId; a later escalation of the ticket sends it with a suffix (nthHelpDeskId). */
  helpDeskId: string;
}

/** What the ticket adds once DeskDirector has answered (and only then: a claim may be given back). */
export interface SlotDetails {
  escalatedBy: Actor;
  companyName: string | null;
  subject: string;
  text: string;
  askedFor: { name: string; email: string };
  /** The saveQuestion payload as built (its helpDeskId is replaced by the slot's), kept for a queued send. */
  question: object;
}

/** A try's outcome as the ledger records it; its time is the ledger's clock. */
export type NewAttempt = Omit<Attempt, 'at'>;

/**
 * `created` comes with the helpDeskId this escalation sends and closes with, and whether it
 * reused a failed send (giving the slot back then restores that one rather than deleting).
 */
export type ClaimResult = { created: Escalation; helpDeskId: string; reused: boolean } | { existing: Escalation };

/**
 * A ticket's first escalation keeps the plain id; a later one gets its own (`5011-2`,
 * `5011-2@dd.example`), since Directly treats helpDeskId as the case's unique id.
 */
export function nthHelpDeskId(base: string, nth: number): string {
  if (nth <= 1) return base;
  const at = base.indexOf('@');
  return at < 0 ? `${base}-${nth}` : `${base.slice(0, at)}-${nth}${base.slice(at)}`;
}

/** What else the statement that opens an escalation writes. */
export interface AlsoOnOpen {
  enqueue?: OutboxItem | null | undefined;
  key?: KeyRef | undefined;
  draftOf?: string | undefined;
}

export function createEscalations(db: Db, now: () => number) {
  const one = async (sql: string, params: unknown[]): Promise<Escalation | null> => {
    const { rows } = await db.query<EscalationRow>(sql, params);
    return rows[0] ? toEscalation(rows[0]) : null;
  };
  const oneRow = async (sql: string, params: unknown[]): Promise<EscalationRow | null> => (await db.query<EscalationRow>(sql, params)).rows[0] ?? null;
  const many = async (sql: string, params: unknown[]): Promise<Escalation[]> => (await db.query<EscalationRow>(sql, params)).rows.map(toEscalation);
  const byId = async (id: string) => (await one(`select * from escalations where id = $1`, [id]))!;
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
     * Claims the ticket's single active slot, or returns whoever holds it. A send that failed
     * before is the same intent: it is tried again on its own record, with its helpDeskId,
     * since Directly made nothing of it (a released or withdrawn one is not reused). Runs
     * while DeskDirector is still asked whether the caller may send the ticket: the claim
     * reveals nothing until then, and `giveBack` undoes it if not.
     */
    async claim(c: SlotClaim): Promise<ClaimResult> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const at = isoAt(now());
        try {
          let reused = true;
          let row = await oneRow(
            // Nothing a reader sees changes until `fill`: the claim may yet be given back.
            `update escalations set state = 'pending', attempt_at = $3
             where id = (select id from escalations where dd_host = $1 and ticket_id = $2 order by created_at desc limit 1)
               and state = 'failed' and closed_by is null and question_id is null returning *`,
            [c.host, c.ticketId, at],
          );
          if (!row) {
            reused = false;
            // Rows are never deleted once they hold anything, so the count numbers a ticket's escalations for good.
            const { rows } = await db.query<{ n: string | number }>(`select count(*) as n from escalations where dd_host = $1 and ticket_id = $2`, [
              c.host,
              c.ticketId,
            ]);
            row = await oneRow(
              `insert into escalations (id, dd_host, ticket_id, subject, body, asked_for_name, asked_for_email, escalated_by, attempt_at, created_at, updated_at,
                 state, help_desk_id)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9, 'pending', $10) returning *`,
              [
                randomUUID(),
                c.host,
                c.ticketId,
                c.subject,
                c.text,
                c.askedFor.name,
                c.askedFor.email,
                JSON.stringify(c.escalatedBy),
                at,
                nthHelpDeskId(c.helpDeskId, Number(rows[0]!.n) + 1),
              ],
            );
          }
          // On disk before Directly is asked: after a power cut, the slot is still held.
          await db.durable();
          return { created: toEscalation(row!), helpDeskId: row!.help_desk_id!, reused };
        } catch (error) {
          if (!db.isUniqueViolation(error)) throw error;
        }
        // The slot is taken; a stale pending holder turns unknown and keeps holding it.
        const existing = await activeSettled(c.host, c.ticketId);
        if (existing) return { existing };
        // The holder finished between our write and our read: try again.
      }
      throw new Error('could not reserve the ticket after 3 attempts');
    },

    /** The question as built from the ticket, on the claimed slot, before Directly is asked. */
    async fill(slot: Escalation, d: SlotDetails): Promise<Escalation> {
      const filled = await one(
        `update escalations set company_name = $2, subject = $3, body = $4, asked_for_name = $5, asked_for_email = $6, escalated_by = $7, question = $8,
           updated_at = $9 where id = $1 and state = 'pending' returning *`,
        [slot.id, d.companyName, d.subject, d.text, d.askedFor.name, d.askedFor.email, JSON.stringify(d.escalatedBy), JSON.stringify(d.question), isoAt(now())],
      );
      return filled ?? byId(slot.id);
    },

    /**
     * A slot claimed for a send DeskDirector then refused (a ticket the caller cannot see, a
     * closed one, no email): nothing went to Directly, so it is as if never claimed. A new
     * record is removed; a reused failed send is failed again, as it was.
     */
    async giveBack(claimed: { created: Escalation; reused: boolean }): Promise<void> {
      const { id } = claimed.created;
      if (claimed.reused) await db.query(`update escalations set state = 'failed' where id = $1 and state = 'pending'`, [id]);
      else await db.query(`delete from escalations where id = $1 and state = 'pending'`, [id]);
    },

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
         where id = (select id from escalations where state = 'queued' and attempt_at <= $1 order by attempt_at limit 1) and state = 'queued' returning *`,
        [at],
      );
      if (!row) return null;
      await db.durable();
      return { escalation: toEscalation(row), helpDeskId: row.help_desk_id!, question: fromJson(row.question) };
    },

    /** A queued question cancelled before it was sent: nothing exists at Directly, and the ticket is free. */
    async cancelQueued(id: string, by: Actor, note: string): Promise<Escalation | null> {
      const at = isoAt(now());
      return one(
        `update escalations set state = 'failed', closed_by = $2, closed_at = $3, last_error = $4, updated_at = $3 where id = $1 and state = 'queued' returning *`,
        [id, JSON.stringify(by), at, note],
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

    /** A technician frees a ticket whose outcome is unknown, knowing a question may still exist at Directly. */
    async release(id: string, by: Actor, note: string): Promise<Escalation | null> {
      const at = isoAt(now());
      return one(
        `update escalations set state = 'failed', closed_by = $2, closed_at = $3, last_error = $4, updated_at = $3
         where id = $1 and state = 'unknown' and (closing_until is null or closing_until < $3) returning *`,
        [id, JSON.stringify(by), at, note],
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

    /** The helpDeskId the escalation was sent with (records from before it was kept: the ticket number). */
    async helpDeskIdOf(id: string): Promise<string> {
      const { rows } = await db.query<{ help_desk_id: string | null; ticket_id: string | number }>(
        `select help_desk_id, ticket_id from escalations where id = $1`,
        [id],
      );
      return rows[0]?.help_desk_id ?? String(rows[0]?.ticket_id);
    },

    /** The latest escalation of each listed ticket, in one query. */
    async latestFor(host: string, ticketIds: number[]): Promise<Escalation[]> {
      if (ticketIds.length === 0) return [];
      const params: unknown[] = [host];
      const tickets = inList('ticket_id', ticketIds, params);
      return many(
        `select * from (select *, row_number() over (partition by ticket_id order by created_at desc) as nth from escalations where dd_host = $1 and ${tickets}) as latest where nth = 1 order by ticket_id`,
        params,
      );
    },

    history: (host: string, ticketId: number) =>
      many(`select * from escalations where dd_host = $1 and ticket_id = $2 order by created_at desc`, [host, ticketId]),

    /**
     * A Portal user's past questions, newest first, at most `limit`: closed ones, and sends
     * that failed unless the ticket was escalated again since (a failure then is old news).
     * Theirs as visibleTo says: escalated by this Portal user, or asked for their email.
     * The JSON id is compared as text: PostgreSQL's ->> gives text, SQLite's a number.
     */
    pastOf: (host: string, user: { id: number; email: string | null }, limit: number) =>
      many(
        `select * from escalations e where dd_host = $1 and state in ('closed', 'failed')
           and ((escalated_by ->> 'app' = 'portal' and cast(escalated_by ->> 'id' as text) = $2) or ($3 <> '' and lower(asked_for_email) = $3))
           and (state = 'closed' or not exists (select 1 from escalations later where later.dd_host = e.dd_host and later.ticket_id = e.ticket_id and later.created_at > e.created_at))
         order by created_at desc limit $4`,
        [host, String(user.id), user.email?.toLowerCase() ?? '', limit],
      ),
  };
}
