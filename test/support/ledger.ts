// Ledgers for tests: one migrated database per test file, emptied between tests.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate, type Db } from '../../server/ledger/db.ts';

/**
 * With `TEST_LEDGER=postgres` and `DATABASE_URL`, every proxy test runs its ledger on that
 * PostgreSQL server instead, each file in a schema of its own (dropped afterwards).
 */
export const ledgerOnPostgres = process.env.TEST_LEDGER === 'postgres' && Boolean(process.env.DATABASE_URL);

export type TestLedger = Db & { dispose(): Promise<void> };

async function openPostgresLedger(): Promise<TestLedger> {
  const { default: pg } = await import('pg');
  const schema = `ledger_file_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5, options: `-c search_path=${schema}` });
  const db = pool as unknown as Db;
  await migrate(db);
  return Object.assign(db, {
    dispose: async () => {
      await pool.query(`drop schema ${schema} cascade`);
      await pool.end();
    },
  });
}

/**
 * A migrated ledger. Creating a PGlite database costs about 3 s of CPU (initdb in WASM);
 * restoring a snapshot about 0.6 s. The first file to need one saves a snapshot in the
 * temp directory, keyed by the code that shapes the database, and later files restore
 * it. `migrate` still runs on a restored copy, so it is never behind the code.
 */
export async function openTestLedger(): Promise<TestLedger> {
  if (ledgerOnPostgres) return openPostgresLedger();
  const shapedBy = ['../../server/ledger/migrations.ts', '../../server/ledger/db.ts', './ledger.ts', '../../node_modules/@electric-sql/pglite/package.json'];
  const hash = createHash('sha256');
  for (const f of shapedBy) hash.update(readFileSync(join(import.meta.dirname, f)));
  const snapshot = join(tmpdir(), `dd-directly-ledger-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  const withDispose = (pglite: PGlite): TestLedger => Object.assign(pglite as unknown as Db, { dispose: () => pglite.close() });
  if (existsSync(snapshot)) {
    try {
      const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) });
      await migrate(pglite as unknown as Db);
      return withDispose(pglite);
    } catch {
      // A damaged snapshot: build from scratch below and replace it.
    }
  }
  const pglite = await PGlite.create();
  await migrate(pglite as unknown as Db);
  const dump = await pglite.dumpDataDir('gzip');
  const partial = `${snapshot}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, snapshot);
  return withDispose(pglite);
}

/** Empties every ledger table (whatever the migrations have grown to) and keeps the schema. */
export async function emptyLedger(db: Db): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations'`,
  );
  if (rows.length > 0) await db.query(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} cascade`);
}
