// What each ledger driver provides (sqlite.ts, postgres.ts): the ledger's statements are
// written once, in SQL both accept; what differs between the two lives behind this.

export interface Db {
  readonly kind: 'sqlite' | 'postgresql';
  /**
   * Runs one statement. Placeholders are `$1`, `$2`…; a value may be a string, a number
   * or null (lists are spelled out with `inList`, JSON passed as text, times as ISO text).
   * Rows come back with times as ISO text or Date, JSON as text or parsed: see rows.ts.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Records Directly's answer and what goes with it, all or nothing; false if the escalation was settled meanwhile. */
  recordOpen(w: OpenWrite): Promise<boolean>;
  /**
   * Resolves once every commit made so far would survive a power cut. Awaited before the
   * proxy acts on a commit outside itself: before Directly is asked, before the user is told.
   */
  durable(): Promise<void>;
  /** Whether a commit is on disk when it returns (PostgreSQL), so durable() has nothing to do. */
  readonly durableCommits: boolean;
  /** Applies the migrations this database has not seen; safe when several instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  isUniqueViolation(error: unknown): boolean;
  /** SQL for the seconds from one time column to another. */
  secondsBetween(from: string, to: string): string;
  /** Appended to the outbox claim's row selection: rows another instance is sending are skipped. */
  readonly skipLocked: string;
}

/** markOpen's writes, every value computed by the ledger. */
export interface OpenWrite {
  escalationId: string;
  questionId: number;
  questionUrl: string;
  at: string;
  /** The escalation's attempts with this, the successful one, last (JSON). */
  attempts: string;
  /** The outbox row that goes with the escalation (its host and ticket are the escalation's). */
  note?: { id: string; kind: string; payload: string; lastError: string | null } | undefined;
  /** The reply a retry with the client's Idempotency-Key gets back. */
  key?: { host: string; caller: string; key: string; response: string } | undefined;
  /** The caller's draft of the ticket, no longer needed. */
  draft?: { host: string; caller: string; ticketId: number } | undefined;
}

/**
 * The database could not be reached (refused, dropped, timed out): nothing was written.
 * Answered 503 with Retry-After (errors.ts matches it by name); the pool reconnects by itself.
 */
export class LedgerUnavailable extends Error {
  override name = 'LedgerUnavailable';
}

/** A setting the ledger cannot start with, said in one line for the start-up problem list. */
export class LedgerProblem extends Error {}

/** `col in ($4, $5)` for a list, pushing its values; an empty list matches nothing. */
export function inList(column: string, values: readonly (string | number)[], params: unknown[]): string {
  if (values.length === 0) return 'false';
  return `${column} in (${values.map((v) => `$${params.push(v)}`).join(', ')})`;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Omit (with no databaseUrl) for an in-memory SQLite ledger. */
  dataDir?: string | undefined;
  /** A pooled PostgreSQL connection failed while idle: the pool replaces it, we only say so. */
  onIdleError?: ((error: Error) => void) | undefined;
}
