// The embedded ledger: node:sqlite, built into Node, in one file in the data directory.
// Its calls are synchronous: a statement runs to its end before any other JavaScript,
// so one process is the one writer, with no locks to take and no rows to skip.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { LedgerProblem, type Db, type OpenWrite } from './driver.ts';
import { sqliteMigrations } from './migrations.ts';
import { walFlusher } from './wal-flush.ts';

export const LEDGER_FILE = 'ledger.sqlite';

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

/** Opens (creating) the ledger file in `dataDir`, or an in-memory ledger without one. */
export function openSqlite(dataDir?: string): Db {
  const db = dataDir === undefined ? new DatabaseSync(':memory:') : openFile(dataDir);
  const flusher = dataDir === undefined ? null : walFlusher(join(dataDir, `${LEDGER_FILE}-wal`));
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let s = statements.get(sql);
    if (!s) {
      // `$2` is a named parameter to SQLite; `?2` is the same position, bound by order.
      s = db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
      // Lists make a few statements vary in length; keep the cache bounded.
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      statements.set(sql, s);
    }
    return s;
  };
  const bind = (params: readonly unknown[]) => params.map((v) => (v === undefined ? null : v) as SQLInputValue);
  const run = <T>(sql: string, params: readonly unknown[] = []) => prepared(sql).all(...bind(params)) as T[];
  /** BEGIN IMMEDIATE takes the write lock first, so the transaction never fails half-way for want of it. */
  const inTransaction = <T>(work: () => T): T => {
    db.exec('begin immediate');
    try {
      const result = work();
      db.exec('commit');
      return result;
    } catch (e) {
      // Some errors end the transaction themselves.
      if (db.isTransaction) db.exec('rollback');
      throw e;
    }
  };

  return {
    kind: 'sqlite',
    // A statement runs one microtask later, not in the caller's turn, so a Server-Timing span
    // wrapped around the ledger call's promise covers it (as it covers a PostgreSQL round trip).
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      await null;
      return { rows: run<T>(sql, params) };
    },

    // The statements PostgreSQL runs as one (postgres.ts), here as one transaction.
    recordOpen: async (w: OpenWrite) => {
      await null;
      return inTransaction(() => {
        const [opened] = run<{ dd_host: string; ticket_id: number }>(
          `update escalations set state = 'open', question_id = $2, question_url = $3, last_error = null, updated_at = $4, attempts = $5
           where id = $1 and state in ('pending','unknown') returning dd_host, ticket_id`,
          [w.escalationId, w.questionId, w.questionUrl, w.at, w.attempts],
        );
        if (!opened) return false;
        if (w.note)
          run(
            `insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload, last_error, next_attempt_at, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
            [w.note.id, w.note.kind, opened.dd_host, opened.ticket_id, w.escalationId, w.note.payload, w.note.lastError, w.at],
          );
        if (w.key)
          run(`update idempotency_keys set status = 201, response = $4 where dd_host = $1 and caller = $2 and key = $3`, [
            w.key.host,
            w.key.caller,
            w.key.key,
            w.key.response,
          ]);
        if (w.draft) run(`delete from drafts where dd_host = $1 and caller = $2 and ticket_id = $3`, [w.draft.host, w.draft.caller, w.draft.ticketId]);
        return true;
      });
    },

    // The schema's version is SQLite's user_version, moved in the same transaction as the schema.
    // Foreign keys are off meanwhile (it cannot change inside a transaction): a table copied
    // to change its shape is dropped, which would otherwise delete the outbox rows citing it.
    migrate: async () => {
      db.exec('pragma foreign_keys = off');
      try {
        inTransaction(() => {
          const [{ user_version: done }] = run<{ user_version: number }>('pragma user_version') as [{ user_version: number }];
          for (const sql of sqliteMigrations.slice(done)) db.exec(sql);
          if (run('pragma foreign_key_check').length > 0) throw new Error('the ledger migration left rows citing a missing escalation');
          db.exec(`pragma user_version = ${sqliteMigrations.length}`);
        });
      } finally {
        db.exec('pragma foreign_keys = on');
      }
    },

    durable: () => flusher?.flush() ?? Promise.resolve(),
    durableCommits: false,
    close: async () => {
      statements.clear();
      await flusher?.close();
      if (db.isOpen) db.close();
    },
    isUniqueViolation: (e) => [SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY].includes((e as { errcode?: number })?.errcode ?? 0),
    secondsBetween: (from, to) => `(unixepoch(${to}, 'subsec') - unixepoch(${from}, 'subsec'))`,
    skipLocked: '',
  };
}

function openFile(dataDir: string): DatabaseSync {
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new LedgerProblem(
      `DATA_DIR: ${dataDir} holds a PGlite database from an earlier build of the proxy. The ledger is now SQLite (${LEDGER_FILE}) and nothing was ever released, so nothing is carried over: move that directory away, or set DATA_DIR to a new one.`,
    );
  }
  const file = join(dataDir, LEDGER_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
    // A second process on the same file waits up to 5 s for the write lock, then fails.
    const db = new DatabaseSync(file, { timeout: 5_000 });
    // WAL: readers never wait for the writer. NORMAL: a commit is written to the WAL but not
    // flushed, which survives a crash of the process; durable() flushes for a power cut.
    db.exec('pragma journal_mode = wal; pragma synchronous = normal');
    return db;
  } catch (e) {
    const reason = (e as { code?: string }).code?.startsWith('E') ? (e as { code: string }).code : (e as Error).message;
    throw new LedgerProblem(`DATA_DIR: cannot write the ledger at ${file} (${reason})`);
  }
}
