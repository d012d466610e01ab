// The escalation ledger. The same SQL runs on PGlite (embedded default, a data
// directory under the project) and on PostgreSQL (DATABASE_URL), so several proxy
// instances can share one truth. A partial unique index makes "one active question per
// ticket" hold under any timing.
import { randomUUID } from 'node:crypto';
import type { Actor, Escalation, EscalationState } from '../common/proxy-api.ts';

/** The one method both PGlite and node-postgres offer with the same shape. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close?(): Promise<void>;
  end?(): Promise<void>;
  /** node-postgres pools: one connection of their own, for session-level locks. */
  connect?(): Promise<Pick<Db, 'query'> & { release(): void }>;
}

const migrations: string[] = [
  `create table escalations (
     id text primary key,
     dd_host text not null,
     ticket_id bigint not null,
     company_name text,
     state text not null check (state in ('pending','open','closed','failed')),
     question_id bigint,
     question_url text,
     subject text not null,
     body text not null,
     asked_for_name text not null,
     asked_for_email text not null,
     escalated_by jsonb not null,
     closed_by jsonb,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     closed_at timestamptz,
     last_error text
   )`,
  `create unique index escalations_one_active_per_ticket on escalations (dd_host, ticket_id) where state in ('pending','open')`,
  `create index escalations_by_ticket on escalations (dd_host, ticket_id, created_at desc)`,
  // A client retry with the same Idempotency-Key gets the first answer back.
  `create table idempotency_keys (
     dd_host text not null,
     caller text not null,
     key text not null,
     request_hash text not null,
     status int,
     response jsonb,
     created_at timestamptz not null default now(),
     primary key (dd_host, caller, key)
   )`,
  // Writes to DeskDirector that must happen once, retried with backoff until they do.
  `create table outbox (
     id text primary key,
     kind text not null,
     dd_host text not null,
     ticket_id bigint not null,
     escalation_id text not null references escalations(id),
     payload jsonb not null,
     attempts int not null default 0,
     next_attempt_at timestamptz not null default now(),
     last_error text,
     created_at timestamptz not null default now(),
     done_at timestamptz
   )`,
  `create index outbox_due on outbox (next_attempt_at) where done_at is null`,
  // Webhook deliveries already handled, so a redelivery changes nothing twice.
  `create table webhook_deliveries (
     delivery_key text primary key,
     received_at timestamptz not null default now(),
     outcome text not null
   )`,
  // A note waiting for an escalation goes with it (only tests and manual clean-ups delete escalations).
  `alter table outbox drop constraint outbox_escalation_id_fkey,
     add constraint outbox_escalation_id_fkey foreign key (escalation_id) references escalations(id) on delete cascade`,
  // How many times closing the question failed for one delivery, so a poison event stops pausing the webhook.
  `alter table webhook_deliveries add column attempts int not null default 0`,
  // Drafts kept for the caller, so nothing typed is lost where the browser blocks
  // storage for a page framed by another site.
  `create table drafts (
     dd_host text not null,
     caller text not null,
     ticket_id bigint not null,
     subject text not null,
     body text not null,
     updated_at timestamptz not null default now(),
     primary key (dd_host, caller, ticket_id)
   )`,
  // 'unknown': Directly may have created the question but we never saw its answer. It
  // holds the ticket's slot, so nobody sends a second saveQuestion blindly.
  `alter table escalations drop constraint escalations_state_check,
     add constraint escalations_state_check check (state in ('pending','open','closed','failed','unknown'))`,
  `drop index escalations_one_active_per_ticket`,
  `create unique index escalations_one_active_per_ticket on escalations (dd_host, ticket_id) where state in ('pending','open','unknown')`,
  // The id Directly knows the question by, kept so closing uses exactly what was sent.
  `alter table escalations add column help_desk_id text`,
];

/** A pending row older than this belongs to a proxy that stopped mid-call. */
const STALE_PENDING_SECONDS = 120;

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

interface Row {
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
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toEscalation(r: Row): Escalation {
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
    escalatedBy: typeof r.escalated_by === 'string' ? JSON.parse(r.escalated_by) : r.escalated_by,
    closedBy: typeof r.closed_by === 'string' ? JSON.parse(r.closed_by) : r.closed_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    closedAt: r.closed_at === null ? null : iso(r.closed_at),
    lastError: r.last_error,
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

export interface NewEscalation {
  host: string;
  ticketId: number;
  companyName: string | null;
  subject: string;
  text: string;
  askedFor: { name: string; email: string };
  escalatedBy: Actor;
  /** What saveQuestion sends as helpDeskId. */
  helpDeskId: string;
}

export interface ReportFilter {
  state?: EscalationState;
  from?: string;
  to?: string;
  company?: string;
  limit: number;
}

export interface Report {
  escalations: Escalation[];
  counts: Record<EscalationState | 'total', number>;
  medianSecondsToClose: number | null;
}

const SWEEP_EVERY_MS = 10 * 60_000;

/** Drafts nobody touched for this long are deleted. */
const DRAFT_DAYS = 14;

export interface StoredDraft {
  ticketId: number;
  subject: string;
  text: string;
  updatedAt: string;
}

export type KeyClaim =
  | { kind: 'fresh' }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'conflict' }
  | { kind: 'in-flight' };

export type ReserveResult = { created: Escalation } | { existing: Escalation };

/** A DeskDirector write for the outbox (server/outbox.ts), queued with its escalation. */
export interface OutboxItem {
  kind: string;
  payload: unknown;
  /** Set when the row cannot be sent yet (e.g. no API key for the host), so the reason is visible. */
  lastError?: string | null;
}

export function createStore(db: Db) {
  async function one(sql: string, params: unknown[]): Promise<Escalation | null> {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? toEscalation(rows[0]) : null;
  }

  // Expired idempotency keys (kept at least 24 hours) and old drafts are swept now and
  // then, not on every request.
  const byId = async (id: string) => (await one(`select * from escalations where id = $1`, [id]))!;

  let lastSweep = 0;
  async function sweepIfDue(): Promise<void> {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    await db.query(`delete from idempotency_keys where created_at < now() - interval '48 hours'`);
    await db.query(`delete from drafts where updated_at < now() - make_interval(days => $1)`, [DRAFT_DAYS]);
    await db.query(`delete from webhook_deliveries where received_at < now() - interval '30 days'`);
  }

  return {
    /** Claims the ticket's single active slot, or returns whoever holds it. */
    async reserve(e: NewEscalation): Promise<ReserveResult> {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const created = await one(
            `insert into escalations (id, dd_host, ticket_id, company_name, state, subject, body, asked_for_name, asked_for_email, escalated_by, help_desk_id)
             values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10) returning *`,
            [randomUUID(), e.host, e.ticketId, e.companyName, e.subject, e.text, e.askedFor.name, e.askedFor.email, JSON.stringify(e.escalatedBy), e.helpDeskId],
          );
          return { created: created! };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
        // The slot is taken. A pending holder this old belongs to a proxy that stopped
        // mid-call: say so, and keep holding the slot, since Directly may have the question.
        const existing =
          (await one(
            `update escalations set state = 'unknown', updated_at = now(),
               last_error = 'The proxy stopped before it recorded Directly''s answer; a question may exist in Directly.'
             where dd_host = $1 and ticket_id = $2 and state = 'pending' and updated_at < now() - make_interval(secs => $3) returning *`,
            [e.host, e.ticketId, STALE_PENDING_SECONDS],
          )) ?? (await one(`select * from escalations where dd_host = $1 and ticket_id = $2 and state in ('pending','open','unknown')`, [e.host, e.ticketId]));
        if (existing) return { existing };
        // The holder finished between our insert and our read: try again.
      }
      throw new Error('could not reserve the ticket after 3 attempts');
    },

    /**
     * Records Directly's answer in one statement, with what goes with it: the outbox row
     * (so the escalation is never open without its pending DeskDirector write), the
     * answer remembered for the client's Idempotency-Key, and the caller's draft of the
     * ticket, which is no longer needed. One statement is one trip through the ledger on
     * the request's critical path, instead of four.
     */
    async markOpen(pending: Escalation, question: { id: number; url: string }, also: { enqueue?: OutboxItem; key?: { caller: string; key: string }; draftOf?: string } = {}): Promise<Escalation> {
      const opened = (updatedAt: string): Escalation => ({ ...pending, state: 'open', questionId: question.id, questionUrl: question.url, lastError: null, updatedAt });
      const params: unknown[] = [pending.id, question.id, question.url];
      const param = (value: unknown) => `$${params.push(value)}`;
      // 'unknown' too: a call slow enough to be taken for a stopped proxy still brings the answer.
      const ctes = [
        `opened as (update escalations set state = 'open', question_id = $2, question_url = $3, last_error = null, updated_at = now()
           where id = $1 and state in ('pending','unknown') returning id, dd_host, ticket_id, updated_at)`,
      ];
      if (also.enqueue) {
        ctes.push(`queued as (insert into outbox (id, kind, dd_host, ticket_id, escalation_id, payload, last_error)
           select ${param(randomUUID())}, ${param(also.enqueue.kind)}, dd_host, ticket_id, id, ${param(JSON.stringify(also.enqueue.payload))}::jsonb, ${param(also.enqueue.lastError ?? null)} from opened)`);
      }
      if (also.key) {
        // The reply a retry gets back: this record as it now stands, its time the database's.
        ctes.push(`keyed as (update idempotency_keys set status = 201,
             response = jsonb_set(${param(JSON.stringify({ escalation: opened('') }))}::jsonb, '{escalation,updatedAt}',
               (select to_jsonb(to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) from opened))
           where dd_host = ${param(pending.host)} and caller = ${param(also.key.caller)} and key = ${param(also.key.key)} and exists (select 1 from opened))`);
      }
      if (also.draftOf !== undefined) {
        ctes.push(`undrafted as (delete from drafts where dd_host = ${param(pending.host)} and caller = ${param(also.draftOf)} and ticket_id = ${param(pending.ticketId)}
           and exists (select 1 from opened))`);
      }
      const { rows } = await db.query<{ updated_at: Date | string }>(`with ${ctes.join(',\n')} select updated_at from opened`, params);
      if (rows[0]) return opened(iso(rows[0].updated_at));
      // The record was settled while Directly was answering (it had been taken for a stopped
      // call, then closed): the question is kept on it, for whoever settled it to see.
      return (await one(
        `update escalations set question_id = coalesce(question_id, $2), question_url = coalesce(question_url, $3), last_error = $4, updated_at = now() where id = $1 returning *`,
        [pending.id, question.id, question.url, `Directly created question ${question.id} only after this escalation had been settled; it is recorded here, not reopened.`],
      ))!;
    },

    /** `unknown` when Directly may have acted without our seeing its answer. */
    // Each change names the states it may leave, so two actors racing (a technician and
    // the webhook) cannot undo each other; the loser gets the record as it now stands.
    async markFailed(id: string, error: string, state: 'failed' | 'unknown' = 'failed'): Promise<Escalation> {
      return (
        (await one(`update escalations set state = $3, last_error = $2, updated_at = now() where id = $1 and state in ('pending','unknown') returning *`, [id, error, state])) ??
        (await byId(id))
      );
    },

    async markClosed(id: string, by: Actor | null): Promise<Escalation> {
      return (
        (await one(
          `update escalations set state = 'closed', closed_by = $2, closed_at = now(), last_error = null, updated_at = now() where id = $1 and state in ('open','unknown') returning *`,
          [id, by === null ? null : JSON.stringify(by)],
        )) ?? (await byId(id))
      );
    },

    async noteError(id: string, error: string): Promise<Escalation> {
      return (await one(`update escalations set last_error = $2, updated_at = now() where id = $1 returning *`, [id, error]))!;
    },

    /** Claims a client's Idempotency-Key, or reports what the first request with it did. */
    async claimKey(host: string, caller: string, key: string, requestHash: string): Promise<KeyClaim> {
      await sweepIfDue();
      // A key left in flight by a proxy that stopped mid-request is free again after 2 minutes.
      const inserted = await db.query(
        `insert into idempotency_keys (dd_host, caller, key, request_hash) values ($1, $2, $3, $4)
         on conflict (dd_host, caller, key) do update set request_hash = excluded.request_hash, created_at = now()
           where idempotency_keys.status is null and idempotency_keys.created_at < now() - interval '2 minutes'
         returning key`,
        [host, caller, key, requestHash],
      );
      if (inserted.rows.length > 0) return { kind: 'fresh' };
      const { rows } = await db.query<{ request_hash: string; status: number | null; response: unknown }>(
        `select request_hash, status, response from idempotency_keys where dd_host = $1 and caller = $2 and key = $3`,
        [host, caller, key],
      );
      const row = rows[0];
      if (!row) return this.claimKey(host, caller, key, requestHash);
      if (row.request_hash !== requestHash) return { kind: 'conflict' };
      if (row.status === null) return { kind: 'in-flight' };
      return { kind: 'replay', status: row.status, response: typeof row.response === 'string' ? JSON.parse(row.response) : row.response };
    },

    async completeKey(host: string, caller: string, key: string, status: number, response: unknown): Promise<void> {
      await db.query(`update idempotency_keys set status = $4, response = $5 where dd_host = $1 and caller = $2 and key = $3`, [host, caller, key, status, JSON.stringify(response)]);
    },

    /** A request that failed without a definite outcome frees its key, so the retry runs again. */
    async releaseKey(host: string, caller: string, key: string): Promise<void> {
      await db.query(`delete from idempotency_keys where dd_host = $1 and caller = $2 and key = $3 and status is null`, [host, caller, key]);
    },

    /**
     * Claims a webhook delivery before acting on it. `fresh` carries how many earlier
     * tries failed; a claim left `processing` for 2 minutes belongs to a stopped proxy.
     */
    async claimDelivery(key: string): Promise<{ kind: 'fresh'; failures: number } | { kind: 'seen'; outcome: string }> {
      await sweepIfDue();
      const claimed = await db.query<{ attempts: number }>(
        `insert into webhook_deliveries (delivery_key, outcome) values ($1, 'processing')
         on conflict (delivery_key) do update set outcome = 'processing', received_at = now()
           where webhook_deliveries.outcome = 'failed'
              or (webhook_deliveries.outcome = 'processing' and webhook_deliveries.received_at < now() - interval '2 minutes')
         returning attempts`,
        [key],
      );
      if (claimed.rows[0]) return { kind: 'fresh', failures: Number(claimed.rows[0].attempts) };
      const { rows } = await db.query<{ outcome: string }>(`select outcome from webhook_deliveries where delivery_key = $1`, [key]);
      return { kind: 'seen', outcome: rows[0]?.outcome ?? 'processing' };
    },

    /** `failed` counts one more failure and lets a redelivery claim the key again. */
    async finishDelivery(key: string, outcome: string): Promise<void> {
      await db.query(
        `update webhook_deliveries set outcome = $2, attempts = attempts + (case when $2 = 'failed' then 1 else 0 end) where delivery_key = $1`,
        [key, outcome],
      );
    },

    /** The helpDeskId the escalation was sent with (records from before it was kept: the ticket number). */
    async helpDeskIdOf(id: string): Promise<string> {
      const { rows } = await db.query<{ help_desk_id: string | null; ticket_id: string | number }>(`select help_desk_id, ticket_id from escalations where id = $1`, [id]);
      return rows[0]?.help_desk_id ?? String(rows[0]?.ticket_id);
    },

    async active(host: string, ticketId: number): Promise<Escalation | null> {
      return one(`select * from escalations where dd_host = $1 and ticket_id = $2 and state in ('pending','open','unknown')`, [host, ticketId]);
    },

    /** The latest escalation of each listed ticket, in one query. */
    async latestFor(host: string, ticketIds: number[]): Promise<Escalation[]> {
      if (ticketIds.length === 0) return [];
      const { rows } = await db.query<Row>(
        `select distinct on (ticket_id) * from escalations where dd_host = $1 and ticket_id = any($2::bigint[]) order by ticket_id, created_at desc`,
        [host, ticketIds],
      );
      return rows.map(toEscalation);
    },

    /** The admin report: filtered escalations, counts per state and median time to close. */
    async report(host: string, f: ReportFilter): Promise<Report> {
      const where = ['dd_host = $1'];
      const params: unknown[] = [host];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (f.state) add('state = ?', f.state);
      if (f.from) add('created_at >= ?', f.from);
      if (f.to) add('created_at < ?', f.to);
      if (f.company) add(`company_name ilike '%' || ? || '%'`, f.company.replace(/[\\%_]/g, (ch) => `\\${ch}`));
      const clause = where.join(' and ');
      const [rows, stats] = await Promise.all([
        db.query<Row>(`select * from escalations where ${clause} order by created_at desc limit ${f.limit}`, params),
        db.query<{ state: EscalationState; n: string | number; median_close: string | number | null }>(
          `select state, count(*) as n,
             percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at)) filter (where closed_at is not null) as median_close
           from escalations where ${clause} group by rollup(state)`,
          params,
        ),
      ]);
      const counts = { pending: 0, open: 0, unknown: 0, closed: 0, failed: 0, total: 0 };
      let medianSecondsToClose: number | null = null;
      for (const r of stats.rows) {
        if (r.state === null) {
          counts.total = Number(r.n);
          medianSecondsToClose = r.median_close === null ? null : Number(r.median_close);
        } else counts[r.state] = Number(r.n);
      }
      return { escalations: rows.rows.map(toEscalation), counts, medianSecondsToClose };
    },

    async saveDraft(host: string, caller: string, ticketId: number, draft: { subject: string; text: string }): Promise<void> {
      await db.query(
        `insert into drafts (dd_host, caller, ticket_id, subject, body) values ($1, $2, $3, $4, $5)
         on conflict (dd_host, caller, ticket_id) do update set subject = excluded.subject, body = excluded.body, updated_at = now()`,
        [host, caller, ticketId, draft.subject, draft.text],
      );
    },

    /** One ticket's draft, or with no ticket the caller's most recent one. */
    async draft(host: string, caller: string, ticketId?: number): Promise<StoredDraft | null> {
      await sweepIfDue();
      const { rows } = await db.query<{ ticket_id: string | number; subject: string; body: string; updated_at: Date | string }>(
        ticketId === undefined
          ? `select * from drafts where dd_host = $1 and caller = $2 order by updated_at desc limit 1`
          : `select * from drafts where dd_host = $1 and caller = $2 and ticket_id = $3`,
        ticketId === undefined ? [host, caller] : [host, caller, ticketId],
      );
      const r = rows[0];
      return r ? { ticketId: Number(r.ticket_id), subject: r.subject, text: r.body, updatedAt: iso(r.updated_at) } : null;
    },

    async deleteDraft(host: string, caller: string, ticketId: number): Promise<void> {
      await db.query(`delete from drafts where dd_host = $1 and caller = $2 and ticket_id = $3`, [host, caller, ticketId]);
    },

    async history(host: string, ticketId: number): Promise<Escalation[]> {
      const { rows } = await db.query<Row>(`select * from escalations where dd_host = $1 and ticket_id = $2 order by created_at desc`, [host, ticketId]);
      return rows.map(toEscalation);
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** PGlite in a data directory by default; PostgreSQL when a URL is given. */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    return pool as unknown as Db;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (opts.dataDir) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(opts.dataDir, { recursive: true });
  }
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  return db as unknown as Db;
}
