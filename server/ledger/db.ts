// The same SQL runs on PGlite (embedded default, a data directory under the project) and
// on PostgreSQL (DATABASE_URL), so several proxy instances can share one truth.
import { mkdirSync } from 'node:fs';
import { migrations } from './migrations.ts';

/** The one method both PGlite and node-postgres offer with the same shape. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close?(): Promise<void>;
  end?(): Promise<void>;
  /** node-postgres pools: one connection of their own, for session-level locks. */
  connect?(): Promise<Pick<Db, 'query'> & { release(): void }>;
}

/** PGlite in a data directory by default; PostgreSQL when a URL is given. */
export async function openDb(opts: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Db> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    return new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }) as unknown as Db;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  return db as unknown as Db;
}

export async function migrate(db: Db): Promise<void> {
  // Several instances may start at once on PostgreSQL. An advisory lock belongs to one
  // session, so with a pool everything runs on one dedicated connection, lock first.
  const client = db.connect ? await db.connect() : null;
  const q: Pick<Db, 'query'> = client ?? db;
  await q.query(`select pg_advisory_lock(72031)`);
  try {
    await q.query(`create table if not exists schema_migrations (version int primary key, applied_at timestamptz not null default now())`);
    const { rows } = await q.query<{ version: number }>(`select version from schema_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    for (const [i, sql] of migrations.entries()) {
      if (done.has(i + 1)) continue;
      await q.query(sql);
      await q.query(`insert into schema_migrations (version) values ($1)`, [i + 1]);
    }
  } finally {
    await q.query(`select pg_advisory_unlock(72031)`);
    client?.release();
  }
}
