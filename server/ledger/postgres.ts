// The ledger on a PostgreSQL server (DATABASE_URL), shared by several proxy instances:
// session locks for migrations, `skip locked` for the outbox, and markOpen's writes in one
// statement, one round trip on the request's critical path.
import type { Pool } from 'pg';
import { LedgerUnavailable, type Db, type OpenOptions, type OpenWrite } from './driver.ts';
import { postgresMigrations } from './migrations.ts';

const MIGRATION_LOCK = 72031;

export interface PostgresOptions extends Pick<OpenOptions, 'onIdleError'> {
  /** Tests: every connection works in this schema. */
  schema?: string | undefined;
  max?: number | undefined;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  // Loaded only here, so the embedded ledger's process never holds the driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // During an outage a request fails in seconds (503), rather than waiting on a connect.
    connectionTimeoutMillis: 5_000,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // Without a listener, an idle connection the server drops would end the process.
  pool.on('error', (e) => opts.onIdleError?.(e));
  return postgresDb(pool);
}

/** Errors that say the server was not reached or the connection died, not that a statement failed. */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (
    typeof code === 'string' &&
    (/^(08|57P0[1-3]|53300)/.test(code) || /^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|NETUNREACH|AI_AGAIN)$|^ENOTFOUND$/.test(code))
  )
    return true;
  return (
    e instanceof Error &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message)
  );
}

/** Runs a pool call, turning a lost database into LedgerUnavailable. */
async function reaching<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isConnectionError(e)) throw new LedgerUnavailable(`the database is unreachable (${(e as Error).message})`, { cause: e });
    throw e;
  }
}

function postgresDb(pool: Pool): Db {
  return {
    kind: 'postgresql',
    query: <T>(sql: string, params: readonly unknown[] = []) => reaching(async () => ({ rows: (await pool.query(sql, params as unknown[])).rows as T[] })),

    recordOpen: async (w: OpenWrite) => {
      const params: unknown[] = [w.escalationId, w.questionId, w.questionUrl, w.at, w.attempts];
      const $ = (value: unknown) => `$${params.push(value)}`;
      // 'unknown' too: a call slow enough to be taken for a stopped proxy still brings the answer.
      const ctes = [
        `opened as (update escalations set state = 'open', question_id = $2, question_url = $3, last_error = null, updated_at = $4, attempts = $5::jsonb
           where id = $1 and state in ('pending','unknown') returning id, dd_host, ticket_id)`,
      ];
      if (w.note)
        ctes.push(`queued as (insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload, last_error, next_attempt_at, created_at)
           select ${$(w.note.id)}, ${$(w.note.kind)}, dd_host, ticket_id, id, ${$(w.note.payload)}::jsonb, ${$(w.note.lastError)}, $4, $4 from opened)`);
      if (w.key)
        ctes.push(`keyed as (update idempotency_keys set status = 201, response = ${$(w.key.response)}::jsonb
           where dd_host = ${$(w.key.host)} and caller = ${$(w.key.caller)} and key = ${$(w.key.key)} and exists (select 1 from opened))`);
      if (w.draft)
        ctes.push(`undrafted as (delete from drafts where dd_host = ${$(w.draft.host)} and caller = ${$(w.draft.caller)} and ticket_id = ${$(w.draft.ticketId)}
           and exists (select 1 from opened))`);
      const { rows } = await reaching(() => pool.query(`with ${ctes.join(',\n')} select id from opened`, params));
      return rows.length > 0;
    },

    // Several instances may start at once. An advisory lock belongs to one session, so
    // everything runs on one dedicated connection, lock first.
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
        await client.query(`create table if not exists schema_migrations (version int primary key, applied_at timestamptz not null default now())`);
        const { rows } = await client.query<{ version: number }>(`select version from schema_migrations`);
        const done = new Set(rows.map((r) => Number(r.version)));
        for (const [i, sql] of postgresMigrations.entries()) {
          if (done.has(i + 1)) continue;
          await client.query(sql);
          await client.query(`insert into schema_migrations (version) values ($1)`, [i + 1]);
        }
      } finally {
        await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
        client.release();
      }
    },

    // A commit PostgreSQL acknowledged is already flushed (synchronous_commit, its default).
    durable: () => Promise.resolve(),
    durableCommits: true,
    close: () => pool.end(),
    isUniqueViolation: (e) => (e as { code?: string })?.code === '23505',
    secondsBetween: (from, to) => `extract(epoch from ${to} - ${from})`,
    skipLocked: ' for update skip locked',
  };
}
