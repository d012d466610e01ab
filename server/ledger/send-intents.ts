// A send of a ticket, announced while DeskDirector is still being read and flushed then, so
// that the ticket's slot, claimed once DeskDirector has answered, need not wait for a flush
// of its own before Directly is asked: about half a millisecond off every escalation.
//
// Why it is safe: Directly is asked only after the claim's commit, and the claim writes the
// slot before it deletes the intent. After the proxy alone crashed (the machine still up,
// every commit in the OS's hands), an intent left over means no claim was made and Directly
// was never asked: it is dropped. After a restart of the machine (a power cut may lose
// commits not yet flushed), an intent left over may stand for a claim that was lost after
// Directly was asked: the ticket is held as `unknown`, like any send whose answer was never
// seen, and is not sent again blindly. PostgreSQL's commits are on disk when they return, so
// there the claim is its own record and no intent is written.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import type { Actor } from '../../common/contract.ts';
import type { Db } from './driver.ts';
import { fromJson, iso, isoAt } from './rows.ts';

export interface SendIntent {
  /** null where no row is needed (PostgreSQL). */
  readonly id: string | null;
  /** Settles once the intent survives a power cut; the claim awaits it before Directly is asked. */
  readonly onDisk: Promise<void>;
}

/** What is known of a send before DeskDirector answers. */
export interface Announced {
  host: string;
  ticketId: number;
  /** The ticket's base helpDeskId (helpDeskIdFor), as the claim would number it. */
  helpDeskId: string;
  escalatedBy: Actor;
  subject: string;
  text: string;
  /** When the send began (a held intent's record says so). */
  at: string;
}

/** An intent of this boot older than this belongs to a request that is over (a crashed proxy's). */
export const STALE_INTENT_MS = 120_000;

/**
 * This boot of the machine: commits an earlier boot did not flush may be lost. Linux names
 * each boot; elsewhere the time the machine came up stands in for it.
 */
export function currentBoot(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `up since ${isoAt(Math.round((Date.now() / 1000 - uptime()) / 60) * 60_000)}`;
  }
}

interface IntentRow {
  id: string;
  dd_host: string;
  ticket_id: number | string;
  help_desk_id: string;
  escalated_by: Actor | string;
  subject: string;
  body: string;
  boot: string;
  created_at: string | Date;
}

export function createSendIntents(db: Db, now: () => number, boot = currentBoot()) {
  const remove = (id: string) => db.query(`delete from send_intents where id = $1`, [id]);
  return {
    /** Writes the intent and starts its flush, without waiting for it. */
    async announce(a: Omit<Announced, 'at'>): Promise<SendIntent> {
      if (db.durableCommits) return { id: null, onDisk: Promise.resolve() };
      const id = randomUUID();
      await db.query(
        `insert into send_intents (id, dd_host, ticket_id, help_desk_id, escalated_by, subject, body, boot, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, a.host, a.ticketId, a.helpDeskId, JSON.stringify(a.escalatedBy), a.subject, a.text, boot, isoAt(now())],
      );
      const onDisk = db.durable();
      // Awaited by the claim; a send DeskDirector refuses never looks.
      onDisk.catch(() => {});
      return { id, onDisk };
    },

    /** The send is over before Directly: its slot is written (the claim), or it ends here (refused, closed…). */
    async drop(intent: SendIntent): Promise<void> {
      if (intent.id) await remove(intent.id);
    },

    /** drop() once this turn's work is done; one that fails leaves a stale intent for the sweep. */
    dropSoon(intent: SendIntent): void {
      if (intent.id) setImmediate(() => void remove(intent.id!).catch(() => {}));
    },

    /**
     * Intents no request will finish: an earlier boot's are held (`hold` claims the ticket's
     * slot as unknown); this boot's, once stale, are dropped. Returns how many were held.
     */
    async recover(hold: (a: Announced) => Promise<void>): Promise<number> {
      const { rows } = await db.query<IntentRow>(`select * from send_intents where boot <> $1 or created_at < $2`, [boot, isoAt(now() - STALE_INTENT_MS)]);
      let held = 0;
      for (const r of rows) {
        if (r.boot !== boot) {
          const escalatedBy = fromJson(r.escalated_by);
          await hold({
            host: r.dd_host,
            ticketId: Number(r.ticket_id),
            helpDeskId: r.help_desk_id,
            escalatedBy,
            subject: r.subject,
            text: r.body,
            at: iso(r.created_at),
          });
          held++;
        }
        await remove(r.id);
      }
      return held;
    },
  };
}

export type SendIntents = ReturnType<typeof createSendIntents>;
