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
  /** The ticket's helpDeskId; a later escalation of the ticket sends it with a suffix (nthHelpDeskIdSql). */
  helpDeskId: string;
  /** The saveQuestion payload as built (its helpDeskId is replaced by the slot's), kept for a queued send; null if never built. */
  question: object | null;
}

/** `created` comes with the helpDeskId this escalation sends and closes with. */
export type ClaimResult = { created: Escalation; helpDeskId: string } | { existing: Escalation };

/**
 * A ticket's first escalation keeps the plain id; a later one gets its own (`5011-2`,
 * `5011-2@dd.example`), since Directly treats helpDeskId as the case's unique id. Written
 * as SQL, so the claim numbers its row in the statement that writes it: `count` is the
 * ticket's escalations before it, `$p`… the values of helpDeskIdParts.
 */
export const nthHelpDeskIdSql = (count: string, p: number) =>
  `case when ${count} = 0 then cast($${p} as text) else cast($${p + 1} as text) || '-' || cast(${count} + 1 as text) || cast($${p + 2} as text) end`;

/** The base id, its part before the instance (`@…`), and that part. */
export function helpDeskIdParts(base: string): [string, string, string] {
  const at = base.indexOf('@');
  return at < 0 ? [base, base, ''] : [base, base.slice(0, at), base.slice(at)];
}

export function createEscalationSlot(
  db: Db,
  now: () => number,
  activeSettled: (host: string, ticketId: number) => Promise<Escalation | null>,
  intents: SendIntents,
) {
  const oneRow = (sql: string, params: unknown[]) => firstRow(db, sql, params);
  /** The ticket's latest escalation, if it is a failed send to try again; `host` and `ticket` name the parameters. */
  const latestFailed = (host: string, ticket: string) =>
    `select latest.id from (select id, state, closed_by, question_id from escalations where dd_host = ${host} and ticket_id = ${ticket} order by created_at desc limit 1) latest
     where latest.state = 'failed' and latest.closed_by is null and latest.question_id is null`;
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
          // Rows are never deleted, so the count numbers a ticket's escalations for good. The
          // common case is one statement: a new row, unless the ticket's latest is a failed
          // send, which is tried again as itself.
          const row =
            (await oneRow(
              `insert into escalations (id, dd_host, ticket_id, company_name, subject, body, asked_for_name, asked_for_email, escalated_by, question, attempt_at,
                 created_at, updated_at, state, help_desk_id)
               select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11, 'pending', ${nthHelpDeskIdSql('counted.n', 12)}
               from (select count(*) as n from escalations where dd_host = $2 and ticket_id = $3) counted
               where not exists (${latestFailed('$2', '$3')})
               returning *`,
              [randomUUID(), c.host, c.ticketId, ...details, ...helpDeskIdParts(c.helpDeskId)],
            )) ??
            // A record from before helpDeskId was kept gets one now, so its retry never sends none.
            (await oneRow(
              `update escalations set state = 'pending', company_name = $3, subject = $4, body = $5, asked_for_name = $6, asked_for_email = $7,
                 escalated_by = $8, question = $9, attempt_at = $10, updated_at = $10,
                 help_desk_id = coalesce(help_desk_id, ${nthHelpDeskIdSql('(select count(*) from escalations where dd_host = $1 and ticket_id = $2)', 11)})
               where id = (${latestFailed('$1', '$2')}) and state = 'failed' and closed_by is null and question_id is null returning *`,
              [c.host, c.ticketId, ...details, ...helpDeskIdParts(c.helpDeskId)],
            ));
          // Another request changed the ticket's latest between the two: look again.
          if (!row) continue;
          // The slot first, then its intent (a crash between leaves both, never neither): the
          // intent goes while Directly is asked, off the request's path.
          if (intent) intents.dropSoon(intent);
          // On disk before Directly is asked, so after a power cut the ticket is still held:
          // the intent is (flushed while DeskDirector was read), or else the slot itself.
          await (intent ? intent.onDisk : db.durable());
          return { created: toEscalation(row), helpDeskId: row.help_desk_id! };
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
