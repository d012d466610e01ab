// The bench's PostgreSQL ledger: a schema of its own on DATABASE_URL, so each run starts
// empty and leaves nothing behind. The proxy reaches it through the URL's `options`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function benchSchema(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
