// What the pages and the closes read of escalations, besides the report (report.ts).
import type { Escalation } from '../../common/contract.ts';
import { inList, type Db } from './driver.ts';
import { allEscalations } from './rows.ts';

export function createEscalationReads(db: Db) {
  const many = (sql: string, params: unknown[]): Promise<Escalation[]> => allEscalations(db, sql, params);
  return {
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
