// A data directory written before attempts and the queue existed: SQLite cannot change a
// check constraint in place, so the escalations table is copied. Nothing may be lost,
// least of all the outbox rows that cite escalations (a cascade would delete them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect, test } from 'vitest';
import { openDb, migrate } from '../../server/ledger/db.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { sqliteMigrations } from '../../server/ledger/migrations.ts';
import { LEDGER_FILE } from '../../server/ledger/sqlite.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The ledger as the build before attempts left it: its first 9 migrations, one open escalation with its note queued. */
function oldLedger(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dd-ledger-old-'));
  dirs.push(dir);
  const db = new DatabaseSync(join(dir, LEDGER_FILE));
  for (const sql of sqliteMigrations.slice(0, 9)) db.exec(sql);
  db.exec('pragma user_version = 9');
  db.prepare(
    `insert into escalations (id, dd_host, ticket_id, company_name, state, question_id, question_url, subject, body, asked_for_name, asked_for_email, escalated_by, help_desk_id, created_at, updated_at)
     values ('e1', 'https://dd.example', 5001, 'Northwind', 'open', 77, 'https://directly.example/p/q-77', 'Printer', 'It jams.', 'Alice', 'alice@example.com', '{"app":"portal","id":101,"name":"Alice"}', '5001', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z')`,
  ).run();
  db.prepare(
    `insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload) values ('o1', 'ticket-note', 'https://dd.example', 5001, 'e1', '{}')`,
  ).run();
  db.close();
  return dir;
}

test('an older SQLite ledger migrates in place: its escalations and their outbox rows are kept, and the queue works on it', async () => {
  const db = await openDb({ dataDir: oldLedger() });
  try {
    await migrate(db);
    const ledger = createLedger(db);
    const [kept] = await ledger.escalations.history('https://dd.example', 5001);
    expect(kept).toMatchObject({ id: 'e1', state: 'open', questionId: 77, subject: 'Printer', attempts: [] });
    expect((await db.query(`select id, escalation_id from outbox`)).rows).toEqual([{ id: 'o1', escalation_id: 'e1' }]);
    // The new state holds a ticket like the others, and foreign keys are on again.
    expect(await ledger.escalations.active('https://dd.example', 5001)).toMatchObject({ id: 'e1' });
    await expect(
      db.query(`insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload) values ('o2', 'x', 'h', 1, 'missing', '{}')`),
    ).rejects.toThrow(/FOREIGN KEY/);
    await db.query(`update escalations set state = 'queued' where id = 'e1'`);
    expect((await db.query<{ user_version: number }>('pragma user_version')).rows[0]!.user_version).toBe(sqliteMigrations.length);
  } finally {
    await db.close();
  }
});
