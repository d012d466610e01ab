// Writes to DeskDirector that must happen exactly once, kept in the ledger until they do.
// Today one kind: the note on a ticket with its Directly question's link.
//
// Never lost: a row stays until DeskDirector answers 2xx; failures retry with capped,
// jittered exponential backoff. Never written twice: any row tried before (a failure, or
// a proxy that stopped mid-call) first lists the ticket's notes and is done without
// posting if the note's marker is there.
import { profileOf, type Config } from '../config.ts';
import { NO_KEY_ERROR, TICKET_NOTE, type TicketNotePayload } from '../escalations/ticket-note.ts';
import type { Ledger } from '../ledger/index.ts';
import { CLOSE_QUESTION, type OutboxRow } from '../ledger/outbox.ts';
import { createCircuitBreaker } from '../upstreams/circuit-breaker.ts';
import { createDirectlyClient, type DirectlyClient } from '../upstreams/directly.ts';
import { runCloseJob } from './close-job.ts';
import { sendQueuedDue } from './queued-sends.ts';
import type { Logger } from '../log.ts';
import { createDeskDirectorConnectorClient, DeskDirectorError, type DeskDirectorConnectorClient } from '../upstreams/deskdirector.ts';

/** A queued close that Directly did not confirm: retried like a failed note. */
class CloseNotDone extends Error {}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
const BATCH = 25;

/** Equal jitter: between half and all of min(cap, base × 2^(attempts−1)). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface OutboxWorkerDeps {
  ledger: Ledger;
  config: Pick<
    Config,
    'deskDirectorApiKeys' | 'deskDirectorTimeoutMs' | 'profiles' | 'directlyBaseUrl' | 'directlyApiToken' | 'directlyTimeoutMs' | 'directlyBreaker'
  >;
  /** For queued closes; by default a client of the worker's own, with its own circuit breaker. */
  directly?: DirectlyClient | undefined;
  log: Logger;
  /** The clock, injectable so tests can step through the backoff. */
  now?: () => number;
  random?: () => number;
}

export interface OutboxWorker {
  /** Sends every row that is due now, one after another, then the questions queued for Directly. */
  runDue(): Promise<{ done: number; failed: number }>;
  /** Every tick: a pass, and the ledger's housekeeping when it is due. */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { ledger, config, log } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const at = (ms: number) => new Date(ms).toISOString();
  // A claim outlasts a list and a post at their timeout, and is renewed while a call runs.
  const leaseMs = 4 * config.deskDirectorTimeoutMs;
  const clients = new Map<string, DeskDirectorConnectorClient>();
  const directly =
    deps.directly ??
    createDirectlyClient({
      baseUrl: config.directlyBaseUrl,
      apiToken: config.directlyApiToken,
      timeoutMs: config.directlyTimeoutMs,
      breaker: createCircuitBreaker({ ...config.directlyBreaker, now }),
    });
  const closing = { ledger, directly, config };
  let running: Promise<{ done: number; failed: number }> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function clientFor(host: string): DeskDirectorConnectorClient {
    let client = clients.get(host);
    if (!client) {
      client = createDeskDirectorConnectorClient({
        host,
        apiKey: config.deskDirectorApiKeys.get(host)!,
        profile: profileOf(config, host),
        onMismatch: (m) => log.warn({ ...m, host }, 'DeskDirector answer does not match the instance profile'),
        timeoutMs: config.deskDirectorTimeoutMs,
      });
      clients.set(host, client);
    }
    return client;
  }

  /** Puts the note on the ticket, or finds it there from an earlier try; or closes a queued question. */
  async function send(row: OutboxRow): Promise<string> {
    if (row.kind === CLOSE_QUESTION) {
      const result = await runCloseJob(closing, row);
      if (result.kind === 'retry') throw new CloseNotDone(result.error);
      if (result.kind === 'gave-up') return 'left to a technician';
      return result.how;
    }
    if (row.kind !== TICKET_NOTE) throw new Error(`unknown outbox kind "${row.kind}"`);
    const payload = row.payload as TicketNotePayload;
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

    const parked = await ledger.outbox.parkWithoutKey(at(t), at(t + BACKOFF_CAP_MS), NO_KEY_ERROR, hosts);
    if (parked.length > 0) {
      failed += parked.length;
      log.warn({ rows: parked.length, hosts: [...new Set(parked)] }, 'outbox rows wait for a DESKDIRECTOR_API_KEYS entry');
    }

    for (const row of await ledger.outbox.claimDue(at(t), at(t + leaseMs), BATCH, hosts)) {
      const fields = { outboxId: row.id, kind: row.kind, escalationId: row.escalation_id, ticketId: Number(row.ticket_id), attempts: row.attempts };
      // The batch's lease started at the claim: renewed before each row's try, so a row
      // that waited behind slow ones is skipped if another instance has taken it since.
      if (!(await ledger.outbox.renewLease(row.id, row.attempts, at(now() + leaseMs)))) {
        log.warn(fields, 'outbox row taken by another instance; left to it');
        continue;
      }
      // Renewed while the call runs, so its lease outlasts any try, however slow.
      const renewal = setInterval(() => {
        ledger.outbox.renewLease(row.id, row.attempts, at(now() + leaseMs)).catch(() => undefined);
      }, leaseMs / 3);
      try {
        const how = await send(row);
        await ledger.outbox.markDone(row.id, at(now()));
        done += 1;
        log.info({ ...fields, how }, 'outbox row done');
      } catch (e) {
        failed += 1;
        const delay = backoffMs(row.attempts, random);
        const message = e instanceof DeskDirectorError || e instanceof CloseNotDone ? e.message : `unexpected error (${(e as Error).name})`;
        await ledger.outbox.retryLater(row.id, message, at(now() + delay));
        log.warn(
          { ...fields, failure: e instanceof DeskDirectorError ? e.kind : 'internal', status: (e as DeskDirectorError).status, retryInMs: delay },
          'outbox write failed',
        );
      } finally {
        clearInterval(renewal);
      }
    }
    const queued = await sendQueuedDue({ ledger, directly, config, log, now, backoffMs: (tries) => backoffMs(tries, random) });
    return { done: done + queued.sent, failed: failed + queued.failed };
  }

  const runDue = () => {
    // One pass at a time per process; a tick during a pass joins it.
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const logFailure = (what: string) => (e: Error) => log.error({ err: { name: e.name, message: e.message } }, what);

  return {
    runDue,
    start(intervalMs = 2_000) {
      if (timer) return;
      timer = setInterval(() => {
        runDue().catch(logFailure('outbox pass failed'));
        ledger.housekeeping.sweepIfDue().catch(logFailure('ledger sweep failed'));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
