import { randomUUID } from 'node:crypto';
import type { Actor, Escalation, EscalationState } from '../../common/proxy-api.ts';
import type { Db } from './db.ts';
import type { KeyRef } from './idempotency-keys.ts';
import type { OutboxItem } from './outbox.ts';
import { iso, isUniqueViolation, toEscalation, type EscalationRow } from './rows.ts';

/** The states that hold a ticket's single slot (the partial unique index lists the same). */
export const ACTIVE_STATES = ['pending', 'open', 'unknown'] as const satisfies readonly EscalationState[];

/** A pending row older than this belongs to a proxy that stopped mid-call. */
const STALE_PENDING_SECONDS = 120;

export interface NewEscalation {
  host: string;
  ticketId: number;
  companyName: string | null;
  subject: string;
  text: string;
  askedFor: { name: string; email: string };
  escalatedBy: Actor;
  /** What saveQuestion sends as helpDeskId. */
  helpDeskId: string;
}

export type ReserveResult = { created: Escalation } | { existing: Escalation };

/** What else the statement that opens an escalation writes. */
export interface AlsoOnOpen {
  enqueue?: OutboxItem | null | undefined;
  key?: KeyRef | undefined;
  draftOf?: string | undefined;
}

export function createEscalations(db: Db) {
  const one = async (sql: string, params: unknown[]): Promise<Escalation | null> => {
    const { rows } = await db.query<EscalationRow>(sql, params);
    return rows[0] ? toEscalation(rows[0]) : null;
  };
  const many = async (sql: string, params: unknown[]): Promise<Escalation[]> => (await db.query<EscalationRow>(sql, params)).rows.map(toEscalation);
  const byId = async (id: string) => (await one(`select * from escalations where id = $1`, [id]))!;
  const active = (host: string, ticketId: number) =>
    one(`select * from escalations where dd_host = $1 and ticket_id = $2 and state = any($3::text[])`, [host, ticketId, ACTIVE_STATES]);

  return {
    active,

    /** Claims the ticket's single active slot, or returns whoever holds it. */
    async reserve(e: NewEscalation): Promise<ReserveResult> {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const created = await one(
            `insert into escalations (id, dd_host, ticket_id, company_name, state, subject, body, asked_for_name, asked_for_email, escalated_by, help_desk_id)
             values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10) returning *`,
            [
              randomUUID(),
              e.host,
              e.ticketId,
              e.companyName,
              e.subject,
              e.text,
              e.askedFor.name,
              e.askedFor.email,
              JSON.stringify(e.escalatedBy),
              e.helpDeskId,
            ],
          );
          return { created: created! };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
        // The slot is taken. A pending holder this old belongs to a proxy that stopped
        // mid-call: say so, and keep holding the slot, since Directly may have the question.
        const existing =
          (await one(
            `update escalations set state = 'unknown', updated_at = now(),
               last_error = 'The proxy stopped before it recorded Directly''s answer; a question may exist in Directly.'
             where dd_host = $1 and ticket_id = $2 and state = 'pending' and updated_at < now() - make_interval(secs => $3) returning *`,
            [e.host, e.ticketId, STALE_PENDING_SECONDS],
          )) ?? (await active(e.host, e.ticketId));
        if (existing) return { existing };
        // The holder finished between our insert and our read: try again.
      }
      throw new Error('could not reserve the ticket after 3 attempts');
    },

    /**
     * Records Directly's answer in one statement, with what goes with it: the outbox row
     * (so the escalation is never open without its pending DeskDirector write), the
     * answer remembered for the client's Idempotency-Key, and the caller's draft of the
     * ticket, which is no longer needed. One statement is one trip through the ledger on
     * the request's critical path, instead of four.
     */
    async markOpen(pending: Escalation, question: { id: number; url: string }, also: AlsoOnOpen = {}): Promise<Escalation> {
      const opened = (updatedAt: string): Escalation => ({
        ...pending,
        state: 'open',
        questionId: question.id,
        questionUrl: question.url,
        lastError: null,
        updatedAt,
      });
      const params: unknown[] = [pending.id, question.id, question.url];
      const param = (value: unknown) => `$${params.push(value)}`;
      // 'unknown' too: a call slow enough to be taken for a stopped proxy still brings the answer.
      const ctes = [
        `opened as (update escalations set state = 'open', question_id = $2, question_url = $3, last_error = null, updated_at = now()
           where id = $1 and state in ('pending','unknown') returning id, dd_host, ticket_id, updated_at)`,
      ];
      if (also.enqueue) {
        ctes.push(`queued as (insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload, last_error)
           select ${param(randomUUID())}, ${param(also.enqueue.kind)}, dd_host, ticket_id, id, ${param(JSON.stringify(also.enqueue.payload))}::jsonb, ${param(also.enqueue.lastError ?? null)} from opened)`);
      }
      if (also.key) {
        // The reply a retry gets back: this record as it now stands, its time the database's.
        ctes.push(`keyed as (update idempotency_keys set status = 201,
             response = jsonb_set(${param(JSON.stringify({ escalation: opened('') }))}::jsonb, '{escalation,updatedAt}',
               (select to_jsonb(to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) from opened))
           where dd_host = ${param(pending.host)} and caller = ${param(also.key.caller)} and key = ${param(also.key.key)} and exists (select 1 from opened))`);
      }
      if (also.draftOf !== undefined) {
        ctes.push(`undrafted as (delete from drafts where dd_host = ${param(pending.host)} and caller = ${param(also.draftOf)} and ticket_id = ${param(pending.ticketId)}
           and exists (select 1 from opened))`);
      }
      const { rows } = await db.query<{ updated_at: Date | string }>(`with ${ctes.join(',\n')} select updated_at from opened`, params);
      if (rows[0]) return opened(iso(rows[0].updated_at));
      // The record was settled while Directly was answering (it had been taken for a stopped
      // call, then closed): the question is kept on it, for whoever settled it to see.
      return (await one(
        `update escalations set question_id = coalesce(question_id, $2), question_url = coalesce(question_url, $3), last_error = $4, updated_at = now() where id = $1 returning *`,
        [
          pending.id,
          question.id,
          question.url,
          `Directly created question ${question.id} only after this escalation had been settled; it is recorded here, not reopened.`,
        ],
      ))!;
    },

    // Each change names the states it may leave, so two actors racing (a technician and
    // the webhook) cannot undo each other; the loser gets the record as it now stands.
    /** `unknown` when Directly may have acted without our seeing its answer. */
    async markFailed(id: string, error: string, state: 'failed' | 'unknown' = 'failed'): Promise<Escalation> {
      return (
        (await one(`update escalations set state = $3, last_error = $2, updated_at = now() where id = $1 and state in ('pending','unknown') returning *`, [
          id,
          error,
          state,
        ])) ?? (await byId(id))
      );
    },

    async markClosed(id: string, by: Actor | null): Promise<Escalation> {
      return (
        (await one(
          `update escalations set state = 'closed', closed_by = $2, closed_at = now(), last_error = null, updated_at = now() where id = $1 and state in ('open','unknown') returning *`,
          [id, by === null ? null : JSON.stringify(by)],
        )) ?? (await byId(id))
      );
    },

    async noteError(id: string, error: string): Promise<Escalation> {
      return (await one(`update escalations set last_error = $2, updated_at = now() where id = $1 returning *`, [id, error]))!;
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
      return many(
        `select distinct on (ticket_id) * from escalations where dd_host = $1 and ticket_id = any($2::bigint[]) order by ticket_id, created_at desc`,
        [host, ticketIds],
      );
    },

    history: (host: string, ticketId: number) =>
      many(`select * from escalations where dd_host = $1 and ticket_id = $2 order by created_at desc`, [host, ticketId]),
  };
}
