import type { Actor, Attempt, Escalation, EscalationState } from '../../common/contract.ts';
import type { Db } from './driver.ts';

export interface EscalationRow {
  id: string;
  dd_host: string;
  ticket_id: string | number;
  company_name: string | null;
  state: EscalationState;
  question_id: string | number | null;
  question_url: string | null;
  subject: string;
  body: string;
  asked_for_name: string;
  asked_for_email: string;
  escalated_by: Actor;
  closed_by: Actor | null;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
  last_error: string | null;
  help_desk_id: string | null;
  attempts: Attempt[] | string;
  /** pending: when the current try began; queued: when the next is due. */
  attempt_at: Date | string | null;
  /** The exact saveQuestion payload, kept for a queued send. */
  question: unknown;
}

export interface DraftRow {
  ticket_id: string | number;
  subject: string;
  body: string;
  updated_at: Date | string;
}

export interface SavedDraft {
  ticketId: number;
  subject: string;
  text: string;
  updatedAt: string;
}

/** Times arrive as ISO text from SQLite and as Date from PostgreSQL. */
export const iso = (d: Date | string) => (typeof d === 'string' && d.endsWith('Z') && d.length === 24 ? d : new Date(d).toISOString());

/** JSON arrives as text from SQLite and parsed from PostgreSQL's jsonb. */
export const fromJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** The ledger's clock: ISO-8601 UTC text, which sorts as time does. */
export const isoAt = (ms: number) => new Date(ms).toISOString();

export function toEscalation(r: EscalationRow): Escalation {
  return {
    id: r.id,
    host: r.dd_host,
    ticketId: Number(r.ticket_id),
    companyName: r.company_name,
    state: r.state,
    questionId: r.question_id === null ? null : Number(r.question_id),
    questionUrl: r.question_url,
    subject: r.subject,
    text: r.body,
    askedFor: { name: r.asked_for_name, email: r.asked_for_email },
    escalatedBy: fromJson(r.escalated_by),
    closedBy: fromJson(r.closed_by),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    closedAt: r.closed_at === null ? null : iso(r.closed_at),
    lastError: r.last_error,
    attempts: fromJson(r.attempts),
  };
}

export const toDraft = (r: DraftRow): SavedDraft => ({ ticketId: Number(r.ticket_id), subject: r.subject, text: r.body, updatedAt: iso(r.updated_at) });

/** The first row a statement returns, as stored, or null. */
export const firstRow = async (db: Db, sql: string, params: unknown[]): Promise<EscalationRow | null> =>
  (await db.query<EscalationRow>(sql, params)).rows[0] ?? null;

/** The first escalation a statement returns, or null. */
export const firstEscalation = async (db: Db, sql: string, params: unknown[]): Promise<Escalation | null> => {
  const row = await firstRow(db, sql, params);
  return row ? toEscalation(row) : null;
};

export const allEscalations = async (db: Db, sql: string, params: unknown[]): Promise<Escalation[]> =>
  (await db.query<EscalationRow>(sql, params)).rows.map(toEscalation);

export const escalationById = async (db: Db, id: string): Promise<Escalation> => (await firstEscalation(db, `select * from escalations where id = $1`, [id]))!;
