// Ledgers for tests: SQLite in memory by default (opening and migrating one takes about a
// millisecond), or a schema of its own on a real PostgreSQL server.
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../server/ledger/db.ts';
import { openPostgres } from '../../server/ledger/postgres.ts';

/**
 * With `TEST_LEDGER=postgres` and `DATABASE_URL`, every proxy test runs its ledger on that
 * PostgreSQL server instead, each ledger in a schema of its own (dropped afterwards).
 */
export const ledgerOnPostgres = process.env.TEST_LEDGER === 'postgres' && Boolean(process.env.DATABASE_URL);

export type TestLedger = Db & { dispose(): Promise<void> };

/** A fresh schema on DATABASE_URL, and `count` ledgers (instances) working in it, migrated. */
export async function openPostgresLedgers(count: number): Promise<{ dbs: Db[]; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL!;
  const schema = `ledger_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const dbs = await Promise.all(Array.from({ length: count }, () => openPostgres(url, { schema, max: 5 })));
  // All at once, as instances behind a load balancer start: the advisory lock keeps them in turn.
  await Promise.all(dbs.map((db) => db.migrate()));
  return {
    dbs,
    dispose: async () => {
      await dbs[0]!.query(`drop schema ${schema} cascade`);
      await Promise.all(dbs.map((db) => db.close()));
    },
  };
}

/** A migrated, empty ledger. */
export async function openTestLedger(): Promise<TestLedger> {
  if (ledgerOnPostgres) {
    const { dbs, dispose } = await openPostgresLedgers(1);
    return Object.assign(dbs[0]!, { dispose });
  }
  const db = await openDb({});
  await db.migrate();
  return Object.assign(db, { dispose: () => db.close() });
}

/** Empties every ledger table (whatever the migrations have grown to) and keeps the schema. */
export async function emptyLedger(db: Db): Promise<void> {
  if (db.kind === 'sqlite') {
    const { rows } = await db.query<{ name: string }>(`select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'`);
    for (const { name } of rows) await db.query(`delete from "${name}"`);
    return;
  }
  const { rows } = await db.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations'`,
  );
  if (rows.length > 0) await db.query(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} cascade`);
}
