// One ledger, two drivers: node:sqlite in the data directory (the default, one process),
// or PostgreSQL with DATABASE_URL (several instances sharing one truth).
import type { Db, OpenOptions } from './driver.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';

export type { Db } from './driver.ts';
export { LedgerProblem } from './driver.ts';

export async function openDb(opts: OpenOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openSqlite(opts.dataDir);
}

export const migrate = (db: Db) => db.migrate();
