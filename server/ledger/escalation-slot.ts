// A ticket's one slot: claimed while DeskDirector is still being read, filled in once it
// has answered, or given back if it refuses.
import { randomUUID } from 'node:crypto';
import type { Actor, Escalation } from '../../common/contract.ts';
import type { Db } from './driver.ts';
import { escalationById, firstRow, isoAt, toEscalation } from './rows.ts';

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

export function createEscalationSlot(db: Db, now: () => number, activeSettled: (host: string, ticketId: number) => Promise<Escalation | null>) {
  const oneRow = (sql: string, params: unknown[]) => firstRow(db, sql, params);
  return {
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
      const filled = await oneRow(
        `update escalations set company_name = $2, subject = $3, body = $4, asked_for_name = $5, asked_for_email = $6, escalated_by = $7, question = $8,
           updated_at = $9 where id = $1 and state = 'pending' returning *`,
        [slot.id, d.companyName, d.subject, d.text, d.askedFor.name, d.askedFor.email, JSON.stringify(d.escalatedBy), JSON.stringify(d.question), isoAt(now())],
      );
      return filled ? toEscalation(filled) : escalationById(db, slot.id);
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
  };
}
