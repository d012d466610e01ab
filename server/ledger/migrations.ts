// Append-only, one list per driver: each entry runs once, in order, recorded by its
// position. A change to the ledger's shape is written twice, side by side.
// SQLite keeps times as ISO-8601 UTC text with milliseconds (text order is time order)
// and JSON as text; the ledger passes both in as parameters.

/** The PostgreSQL history as it was applied; SQLite started from its end state. */
export const postgresMigrations: string[] = [
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
  // A partial unique index makes "one active question per ticket" hold under any timing.
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
  // A close in progress: one closeQuestion at a time per escalation, across instances.
  `alter table escalations add column closing_until timestamptz`,
  // One escalation per intent: each try at sending is an attempt on it, not a row of its
  // own. 'queued' waits for Directly and holds the ticket's slot; attempt_at is when the
  // current try began (pending) or the next is due (queued); question is the exact payload.
  `alter table escalations drop constraint escalations_state_check,
     add constraint escalations_state_check check (state in ('pending','queued','open','closed','failed','unknown'))`,
  `drop index escalations_one_active_per_ticket`,
  `create unique index escalations_one_active_per_ticket on escalations (dd_host, ticket_id) where state in ('pending','queued','open','unknown')`,
  `alter table escalations add column attempts jsonb not null default '[]', add column attempt_at timestamptz, add column question jsonb`,
  `create index escalations_queued_due on escalations (attempt_at) where state = 'queued'`,
  // A Portal user's past questions: asked for their email, or asked by them.
  `create index escalations_by_asked_for on escalations (dd_host, lower(asked_for_email))`,
  `create index escalations_by_portal_user on escalations (dd_host, (escalated_by ->> 'app'), (cast(escalated_by ->> 'id' as text)))`,
  // A send begun: written while DeskDirector is read, so the slot claimed after its answer
  // needs no flush of its own (send-intents.ts). Only SQLite writes rows: PostgreSQL's
  // commits are on disk when they return.
  `create table send_intents (
     id text primary key,
     dd_host text not null,
     ticket_id bigint not null,
     help_desk_id text not null,
     escalated_by jsonb not null,
     subject text not null,
     body text not null,
     boot text not null,
     created_at timestamptz not null
   )`,
];

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const sqliteMigrations: string[] = [
  `create table escalations (
     id text primary key,
     dd_host text not null,
     ticket_id integer not null,
     company_name text,
     state text not null check (state in ('pending','open','closed','failed','unknown')),
     question_id integer,
     question_url text,
     subject text not null,
     body text not null,
     asked_for_name text not null,
     asked_for_email text not null,
     escalated_by text not null,
     closed_by text,
     created_at text not null default ${NOW},
     updated_at text not null default ${NOW},
     closed_at text,
     last_error text,
     help_desk_id text
   ) strict`,
  `create unique index escalations_one_active_per_ticket on escalations (dd_host, ticket_id) where state in ('pending','open','unknown')`,
  `create index escalations_by_ticket on escalations (dd_host, ticket_id, created_at desc)`,
  `create table idempotency_keys (
     dd_host text not null,
     caller text not null,
     key text not null,
     request_hash text not null,
     status integer,
     response text,
     created_at text not null default ${NOW},
     primary key (dd_host, caller, key)
   ) strict`,
  `create table outbox (
     id text primary key,
     kind text not null,
     dd_host text not null,
     ticket_id integer not null,
     escalation_id text not null references escalations(id) on delete cascade,
     payload text not null,
     attempts integer not null default 0,
     next_attempt_at text not null default ${NOW},
     last_error text,
     created_at text not null default ${NOW},
     done_at text
   ) strict`,
  `create index outbox_due on outbox (next_attempt_at) where done_at is null`,
  `create table webhook_deliveries (
     delivery_key text primary key,
     received_at text not null default ${NOW},
     outcome text not null,
     attempts integer not null default 0
   ) strict`,
  `create table drafts (
     dd_host text not null,
     caller text not null,
     ticket_id integer not null,
     subject text not null,
     body text not null,
     updated_at text not null default ${NOW},
     primary key (dd_host, caller, ticket_id)
   ) strict`,
  `alter table escalations add column closing_until text`,
  // As PostgreSQL's 'queued' and attempts. SQLite cannot change a check constraint in
  // place, so the table is copied (with foreign keys off: see sqlite.ts migrate).
  `create table escalations_next (
     id text primary key,
     dd_host text not null,
     ticket_id integer not null,
     company_name text,
     state text not null check (state in ('pending','queued','open','closed','failed','unknown')),
     question_id integer,
     question_url text,
     subject text not null,
     body text not null,
     asked_for_name text not null,
     asked_for_email text not null,
     escalated_by text not null,
     closed_by text,
     created_at text not null default ${NOW},
     updated_at text not null default ${NOW},
     closed_at text,
     last_error text,
     help_desk_id text,
     closing_until text,
     attempts text not null default '[]',
     attempt_at text,
     question text
   ) strict`,
  `insert into escalations_next (id, dd_host, ticket_id, company_name, state, question_id, question_url, subject, body, asked_for_name, asked_for_email,
     escalated_by, closed_by, created_at, updated_at, closed_at, last_error, help_desk_id, closing_until)
   select id, dd_host, ticket_id, company_name, state, question_id, question_url, subject, body, asked_for_name, asked_for_email,
     escalated_by, closed_by, created_at, updated_at, closed_at, last_error, help_desk_id, closing_until from escalations`,
  `drop table escalations`,
  `alter table escalations_next rename to escalations`,
  `create unique index escalations_one_active_per_ticket on escalations (dd_host, ticket_id) where state in ('pending','queued','open','unknown')`,
  `create index escalations_by_ticket on escalations (dd_host, ticket_id, created_at desc)`,
  `create index escalations_queued_due on escalations (attempt_at) where state = 'queued'`,
  `create index escalations_by_asked_for on escalations (dd_host, lower(asked_for_email))`,
  `create index escalations_by_portal_user on escalations (dd_host, (escalated_by ->> 'app'), (cast(escalated_by ->> 'id' as text)))`,
  `create table send_intents (
     id text primary key,
     dd_host text not null,
     ticket_id integer not null,
     help_desk_id text not null,
     escalated_by text not null,
     subject text not null,
     body text not null,
     boot text not null,
     created_at text not null
   ) strict, without rowid`,
];
