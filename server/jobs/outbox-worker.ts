// Writes to DeskDirector that must happen exactly once, kept in the ledger until they
// do. Today one kind: the note on a ticket with its Directly question's link, queued by
// the same SQL statement that marks the escalation open (store.markOpen).
//
// Never lost: a row stays until DeskDirector answers 2xx; failures retry with capped,
// jittered exponential backoff. Never written twice: every note carries a marker with
// the escalation id, and any row tried before (a failure, or a proxy that stopped
// mid-call) first lists the ticket's notes and is done without posting if the marker is
// there. Rows are claimed with `for update skip locked`, so several proxies sharing one
// PostgreSQL never send the same row at once.
//
// Runtime-neutral (app.ts imports ticketNote): no node: imports here.
import type { DdNewNote } from '../common/deskdirector-api.ts';
import { createDeskDirectorConnectorClient, DeskDirectorError, type DeskDirectorConnectorClient } from './deskdirector-client.ts';
import type { Escalation } from '../common/proxy-api.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Db, OutboxItem } from './store.ts';

export const TICKET_NOTE = 'ticket-note';
export const NO_KEY_ERROR = 'no DESKDIRECTOR_API_KEYS entry for host';
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
const BATCH = 25;

export interface TicketNotePayload extends DdNewNote {
  /** Found in the ticket's notes after an uncertain try, so the note is not posted twice. */
  marker: string;
}

export const noteMarker = (escalationId: string) => `dd-directly:${escalationId}`;

/** The internal note a technician sees on the ticket once its question exists in Directly. */
export function ticketNote(e: Pick<Escalation, 'id' | 'subject' | 'escalatedBy' | 'askedFor'>, questionUrl: string): TicketNotePayload {
  const marker = noteMarker(e.id);
  const by = e.escalatedBy.app === 'tech' ? `${e.escalatedBy.name} (technician) for ${e.askedFor.name}` : e.escalatedBy.name;
  return {
    text: `Sent to Directly's experts by ${by}: "${e.subject}"\n${questionUrl}\n(Ask an expert, ref ${marker})`,
    isInternal: true,
    marker,
  };
}

/**
 * The outbox row for an escalation that just opened. Without any API key configured the
 * feature is off (null); with keys but none for this host the row is kept with a visible
 * error and retried slowly, so adding the key later still delivers it.
 */
export function ticketNoteItem(config: Pick<Config, 'deskDirectorApiKeys'>, host: string, e: Pick<Escalation, 'id' | 'subject' | 'escalatedBy' | 'askedFor'>, questionUrl: string): OutboxItem | null {
  if (config.deskDirectorApiKeys.size === 0) return null;
  return { kind: TICKET_NOTE, payload: ticketNote(e, questionUrl), lastError: config.deskDirectorApiKeys.has(host) ? null : NO_KEY_ERROR };
}

/** Equal jitter: between half and all of min(cap, base × 2^(attempts−1)). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface OutboxDeps {
  db: Db;
  config: Pick<Config, 'deskDirectorApiKeys' | 'deskDirectorTimeoutMs'>;
  log: Logger;
  fetch?: typeof fetch;
  /** The clock, injectable so tests can step through the backoff. */
  now?: () => number;
  random?: () => number;
}

export interface Outbox {
  /** Sends every row that is due now, one after another. */
  runDue(): Promise<{ done: number; failed: number }>;
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  kind: string;
  dd_host: string;
  ticket_id: string | number;
  escalation_id: string;
  payload: unknown;
  attempts: number;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { db, config, log } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const at = (ms: number) => new Date(ms).toISOString();
  // A claimed row is not due again until its try could have ended (a list and a post).
  const leaseMs = 2 * config.deskDirectorTimeoutMs + 30_000;
  const clients = new Map<string, DeskDirectorConnectorClient>();
  let running: Promise<{ done: number; failed: number }> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function clientFor(host: string): DeskDirectorConnectorClient {
    let client = clients.get(host);
    if (!client) {
      client = createDeskDirectorConnectorClient({
        host,
        apiKey: config.deskDirectorApiKeys.get(host)!,
        timeoutMs: config.deskDirectorTimeoutMs,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      clients.set(host, client);
    }
    return client;
  }

  /** Puts the note on the ticket, or finds it there from an earlier try. */
  async function send(row: OutboxRow): Promise<'posted' | 'found'> {
    if (row.kind !== TICKET_NOTE) throw new Error(`unknown outbox kind "${row.kind}"`);
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as TicketNotePayload;
    const client = clientFor(row.dd_host);
    const ticketId = Number(row.ticket_id);
    // Tried before: that try may have written the note even though we saw no answer.
    if (row.attempts > 1) {
      const notes = await client.notes(ticketId);
      if (notes.some((n) => JSON.stringify(n).includes(payload.marker))) return 'found';
    }
    await client.addNote(ticketId, { text: payload.text, isInternal: payload.isInternal });
    return 'posted';
  }

  async function pass(): Promise<{ done: number; failed: number }> {
    let done = 0;
    let failed = 0;
    const t = now();
    const hosts = [...config.deskDirectorApiKeys.keys()];

    // Rows for an instance without a key: not an attempt, just a visible reason and a slow retry.
    const parked = await db.query<{ dd_host: string }>(
      `update outbox set last_error = $3, next_attempt_at = $2
       where done_at is null and next_attempt_at <= $1 and not (dd_host = any($4::text[])) returning dd_host`,
      [at(t), at(t + BACKOFF_CAP_MS), NO_KEY_ERROR, hosts],
    );
    if (parked.rows.length > 0) {
      failed += parked.rows.length;
      log.warn({ rows: parked.rows.length, hosts: [...new Set(parked.rows.map((r) => r.dd_host))] }, 'outbox rows wait for a DESKDIRECTOR_API_KEYS entry');
    }
    if (hosts.length === 0) return { done, failed };

    const claimed = await db.query<OutboxRow>(
      `update outbox set attempts = attempts + 1, next_attempt_at = $2
       where id in (
         select id from outbox where done_at is null and next_attempt_at <= $1 and dd_host = any($4::text[])
         order by next_attempt_at limit $3 for update skip locked)
       returning id, kind, dd_host, ticket_id, escalation_id, payload, attempts`,
      [at(t), at(t + leaseMs), BATCH, hosts],
    );
    for (const row of claimed.rows) {
      const fields = { outboxId: row.id, kind: row.kind, escalationId: row.escalation_id, ticketId: Number(row.ticket_id), attempts: row.attempts };
      try {
        const how = await send(row);
        await db.query(`update outbox set done_at = $2, last_error = null where id = $1`, [row.id, at(now())]);
        done += 1;
        log.info({ ...fields, how }, 'outbox row done');
      } catch (e) {
        failed += 1;
        const delay = backoffMs(row.attempts, random);
        const message = e instanceof DeskDirectorError ? e.message : `unexpected error (${(e as Error).name})`;
        await db.query(`update outbox set last_error = $2, next_attempt_at = $3 where id = $1`, [row.id, message, at(now() + delay)]);
        log.warn({ ...fields, failure: e instanceof DeskDirectorError ? e.kind : 'internal', status: (e as DeskDirectorError).status, retryInMs: delay }, 'outbox write failed');
      }
    }
    return { done, failed };
  }

  const runDue = () => {
    // One pass at a time per process; a tick during a pass joins it.
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runDue,
    start(intervalMs = 2_000) {
      if (timer) return;
      timer = setInterval(() => {
        runDue().catch((e: Error) => log.error({ err: { name: e.name, message: e.message } }, 'outbox pass failed'));
      }, intervalMs);
      (timer as { unref?: () => void }).unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
