import type { Db } from './driver.ts';
import { isoAt, toDraft, type DraftRow, type SavedDraft } from './rows.ts';

export function createDrafts(db: Db, now: () => number) {
  return {
    async save(host: string, caller: string, ticketId: number, draft: { subject: string; text: string }): Promise<void> {
      await db.query(
        `insert into drafts (dd_host, caller, ticket_id, subject, body, updated_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (dd_host, caller, ticket_id) do update set subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
        [host, caller, ticketId, draft.subject, draft.text, isoAt(now())],
      );
    },

    async discard(host: string, caller: string, ticketId: number): Promise<void> {
      await db.query(`delete from drafts where dd_host = $1 and caller = $2 and ticket_id = $3`, [host, caller, ticketId]);
    },

    /** One ticket's draft, or with no ticket the caller's most recent one. */
    async get(host: string, caller: string, ticketId?: number): Promise<SavedDraft | null> {
      const { rows } = await db.query<DraftRow>(
        ticketId === undefined
          ? `select * from drafts where dd_host = $1 and caller = $2 order by updated_at desc limit 1`
          : `select * from drafts where dd_host = $1 and caller = $2 and ticket_id = $3`,
        ticketId === undefined ? [host, caller] : [host, caller, ticketId],
      );
      return rows[0] ? toDraft(rows[0]) : null;
    },

    /** The caller's other drafts: how many, and their characters (subject and text). */
    async usage(host: string, caller: string, exceptTicketId: number): Promise<{ count: number; chars: number }> {
      const { rows } = await db.query<{ n: string | number; chars: string | number | null }>(
        `select count(*) as n, sum(length(subject) + length(body)) as chars from drafts where dd_host = $1 and caller = $2 and ticket_id <> $3`,
        [host, caller, exceptTicketId],
      );
      return { count: Number(rows[0]?.n ?? 0), chars: Number(rows[0]?.chars ?? 0) };
    },
  };
}
