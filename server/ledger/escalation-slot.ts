// A ticket's one slot: at most one question at a time per ticket, and a failed send tried
// again as the same escalation.
import { randomUUID } from 'node:crypto';
import type { Actor, Escalation } from '../../common/contract.ts';
import type { Db } from './driver.ts';
import { firstRow, isoAt, toEscalation } from './rows.ts';
import type { SendIntent, SendIntents } from './send-intents.ts';

/** What claims a ticket's slot, once DeskDirector has said the caller may send the ticket. */
export interface SlotClaim {
  host: string;
  ticketId: number;
  escalatedBy: Actor;
  companyName: string | null;
  subject: string;
  text: string;
  askedFor: { name: string; email: string };
  /** The ticket's helpDeskId; a later escalation of the ticket sends it with a suffix (nthHelpDeskId). */
  helpDeskId: string;
  /** The saveQuestion payload as built (its helpDeskId is replaced by the slot's), kept for a queued send; null if never built. */
  question: object | null;
}

/** `created` comes with the helpDeskId this escalation sends and closes with. */
export type ClaimResult = { created: Escalation; helpDeskId: string } | { existing: Escalation };

/**
 * A ticket's first escalation keeps the plain id; a later one gets its own (`5011-2`,
 * `5011-2@dd.example`), since Directly treats helpDeskId as the case's unique id.
 */
export function nthHelpDeskId(base: string, nth: number): string {
  if (nth <= 1) return base;
  const at = base.indexOf('@');
  return at < 0 ? `${base}-${nth}` : `${base.slice(0, at)}-${nth}${base.slice(at)}`;
}

export function createEscalationSlot(
  db: Db,
  now: () => number,
  activeSettled: (host: string, ticketId: number) => Promise<Escalation | null>,
  intents: SendIntents,
) {
  const oneRow = (sql: string, params: unknown[]) => firstRow(db, sql, params);
  return {
    /**
     * Claims the ticket's single active slot, or returns whoever holds it. A send that failed
     * before is the same intent: it is tried again on its own record, with its helpDeskId,
     * since Directly made nothing of it (a released or withdrawn one is not reused).
     * `intent` is the send's, announced during DeskDirector's read (send-intents.ts).
     */
    async claim(c: SlotClaim, intent?: SendIntent): Promise<ClaimResult> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const at = isoAt(now());
        const details = [
          c.companyName,
          c.subject,
          c.text,
          c.askedFor.name,
          c.askedFor.email,
          JSON.stringify(c.escalatedBy),
          c.question && JSON.stringify(c.question),
          at,
        ];
        try {
          // Rows are never deleted, so the count numbers a ticket's escalations for good; the
          // latest is tried again if it is a send that failed.
          const { rows } = await db.query<{ n: string | number; reusable: string | null }>(
            `select count(*) as n,
               (select case when state = 'failed' and closed_by is null and question_id is null then id end
                  from escalations where dd_host = $1 and ticket_id = $2 order by created_at desc limit 1) as reusable
             from escalations where dd_host = $1 and ticket_id = $2`,
            [c.host, c.ticketId],
          );
          const { n, reusable } = rows[0]!;
          const helpDeskId = nthHelpDeskId(c.helpDeskId, Number(n) + 1);
          const row =
            // A record from before helpDeskId was kept gets one now, so its retry never sends none.
            (reusable === null
              ? null
              : await oneRow(
                  `update escalations set state = 'pending', company_name = $2, subject = $3, body = $4, asked_for_name = $5, asked_for_email = $6,
                   escalated_by = $7, question = $8, attempt_at = $9, updated_at = $9, help_desk_id = coalesce(help_desk_id, $10)
                 where id = $1 and state = 'failed' and closed_by is null and question_id is null returning *`,
                  [reusable, ...details, helpDeskId],
                )) ??
            (await oneRow(
              `insert into escalations (id, dd_host, ticket_id, company_name, subject, body, asked_for_name, asked_for_email, escalated_by, question, attempt_at,
                 created_at, updated_at, state, help_desk_id)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11, 'pending', $12) returning *`,
              [randomUUID(), c.host, c.ticketId, ...details, helpDeskId],
            ));
          // The slot first, then its intent (a crash between leaves both, never neither): the
          // intent goes while Directly is asked, off the request's path.
          if (intent) intents.dropSoon(intent);
          // On disk before Directly is asked, so after a power cut the ticket is still held:
          // the intent is (flushed while DeskDirector was read), or else the slot itself.
          await (intent ? intent.onDisk : db.durable());
          return { created: toEscalation(row!), helpDeskId: row!.help_desk_id! };
        } catch (error) {
          if (!db.isUniqueViolation(error)) throw error;
        }
        // The slot is taken; a stale pending holder turns unknown and keeps holding it.
        const existing = await activeSettled(c.host, c.ticketId);
        if (existing) {
          if (intent) await intents.drop(intent);
          return { existing };
        }
        // The holder finished between our write and our read: try again.
      }
      throw new Error('could not reserve the ticket after 3 attempts');
    },
  };
}
