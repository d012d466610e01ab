// DeskDirector's webhook: when a ticket reaches a closed status, its open Directly
// question is closed too. DeskDirector sends no user token, so this is mounted before
// the authenticated API; the shared secret's HMAC is the only credential.
//
// What is known (docs/reference, help article 4cm0s5zpri): `x-dd-signature:
// sha256=<HMAC-SHA256 of the raw body>`; hex or base64 is not public, so both are
// accepted. The ticket status payload is not public either, so it is read tolerantly:
// one event or, as DeskDirector's webhooks "return arrays in general" (DeskDirector/docs
// chat_session_payload.md), an array of them. A correctly signed event we do not
// understand is logged and acknowledged, because a failed delivery pauses the webhook
// for 30 minutes.
//
// Answers: 404 when no secret is configured; 401 bad or missing signature; 400 unknown
// instance; 413 too large; 200 for everything signed that was handled or ignored; 503
// only when Directly did not close the question (DeskDirector redelivers later), and
// never more than MAX_CLOSE_FAILURES times for one delivery.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { normalizeHost } from '../common/deskdirector-api.ts';
import type { Actor, ErrorCode } from '../common/proxy-api.ts';
import type { Env } from './app.ts';
import type { Config } from './config.ts';
import { DirectlyError, type DirectlyClient } from './directly.ts';
import type { Logger } from './log.ts';
import type { Store } from './store.ts';
import { sha256Hex } from './hash.ts';

export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;
/** After this many failed closeQuestion calls for one delivery, it is acknowledged and left to a technician. */
export const MAX_CLOSE_FAILURES = 3;
/** Events read from one delivery, at most. */
export const MAX_EVENTS = 50;

const encoder = new TextEncoder();

/** Hex (64 digits) or base64/base64url (43 or 44 characters) of a 32-byte digest. */
export function decodeDigest(text: string): Uint8Array<ArrayBuffer> | null {
  const out = new Uint8Array(32);
  if (/^[0-9a-f]{64}$/i.test(text)) {
    for (let i = 0; i < 32; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bin = atob(text.replace(/=$/, '').replace(/-/g, '+').replace(/_/g, '/') + '=');
    if (bin.length !== 32) return null;
    for (let i = 0; i < 32; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return null;
}

/** Case-insensitive lookup of a path in parsed JSON; only plain objects are walked. */
function pick(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const step of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const key = Object.keys(cur).find((k) => k.toLowerCase() === step.toLowerCase());
    if (key === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const CONTAINERS = [[], ['data'], ['payload'], ['entity'], ['body']];
const TICKET_ID_PATHS = [['ticket', 'id'], ['ticketId'], ['entityId'], ['id']];
const STATUS_PATHS = [['ticket', 'status', 'name'], ['ticket', 'statusName'], ['ticket', 'status'], ['status', 'name'], ['statusName'], ['status']];

function asTicketId(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function asStatus(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const s = v.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return s && s.length <= 100 ? s : null;
}

export interface TicketEvent {
  ticketId: number;
  status: string;
}

/** The ticket and its new status, wherever a plausible payload puts them; null when not found. */
export function readTicketEvent(json: unknown): TicketEvent | null {
  for (const container of CONTAINERS) {
    const base = container.length ? pick(json, container) : json;
    if (!base || typeof base !== 'object' || Array.isArray(base)) continue;
    const ticketId = TICKET_ID_PATHS.map((p) => asTicketId(pick(base, p))).find((v) => v !== null);
    const status = STATUS_PATHS.map((p) => asStatus(pick(base, p))).find((v) => v !== null);
    if (ticketId && status) return { ticketId, status };
  }
  return null;
}

/** One event, or an array of them (the first MAX_EVENTS); those that cannot be read are left out. */
export function readTicketEvents(json: unknown): TicketEvent[] {
  const items = Array.isArray(json) ? json.slice(0, MAX_EVENTS) : [json];
  return items.map(readTicketEvent).filter((e): e is TicketEvent => e !== null);
}

type Outcome = 'closed' | 'ignored-status' | 'nothing-open' | 'duplicate' | 'gave-up' | 'failed';

export function createWebhookRoutes(deps: { config: Config; store: Store; directly: DirectlyClient; log: Logger }): Hono<Env> {
  const { config, store, directly, log } = deps;
  const allowedHosts = new Set(config.deskDirectorHosts);
  const closed = new Set(config.closedStatuses.map((s) => s.toLowerCase()));
  const key = config.webhookSecret
    ? crypto.subtle.importKey('raw', encoder.encode(config.webhookSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    : null;

  const fail = (c: Context<Env>, status: 400 | 401 | 404 | 413 | 503, code: ErrorCode, message: string) =>
    c.json({ error: { code, message, requestId: c.get('requestId') } }, status);

  /** Closes the ticket's open question at most once per delivery. */
  async function apply(host: string, event: TicketEvent, delivery: string): Promise<Outcome> {
    const { ticketId, status } = event;
    if (!closed.has(status.toLowerCase())) return 'ignored-status';
    if (!(await store.active(host, ticketId))) return 'nothing-open';

    // From here on something may change: claim this delivery for this ticket first.
    const deliveryKey = `${host}|${delivery}|ticket:${ticketId}`;
    const claim = await store.claimDelivery(deliveryKey);
    if (claim.kind === 'seen') return 'duplicate';
    let outcome: Outcome = 'failed';
    try {
      // Read again now that this delivery is ours: another one may have closed it meanwhile.
      const active = await store.active(host, ticketId);
      if (!active) return (outcome = 'nothing-open');
      let error: string | null = null;
      if (active.state === 'pending') {
        error = 'the question was still being created';
      } else {
        try {
          await directly.closeQuestion(await store.helpDeskIdOf(active.id));
        } catch (e) {
          if (!(e instanceof DirectlyError)) throw e;
          // An unknown outcome is settled: Directly holds no question for this ticket.
          if (active.state === 'unknown' && e.kind === 'http') {
            await store.markFailed(active.id, `Directly holds no question for this ticket (checked when DeskDirector set status "${status}").`);
            return (outcome = 'closed');
          }
          error = e.message;
        }
      }
      if (error === null) {
        const by: Actor = { app: 'webhook', id: 0, name: `DeskDirector (status ${status})` };
        await store.markClosed(active.id, by);
        return (outcome = 'closed');
      }
      const failures = claim.failures + 1;
      const reason = `closeQuestion after DeskDirector status "${status}": ${error}.`;
      if (failures >= MAX_CLOSE_FAILURES) {
        await store.noteError(active.id, `${reason} Gave up after ${failures} deliveries; close the question by hand.`);
        return (outcome = 'gave-up');
      }
      await store.noteError(active.id, `${reason} DeskDirector will deliver the event again.`);
      return outcome;
    } finally {
      await store.finishDelivery(deliveryKey, outcome);
    }
  }

  const webhook = new Hono<Env>();

  webhook.post(
    '/deskdirector',
    async (c, next) => (key ? next() : fail(c, 404, 'invalid_request', 'No such API route.')),
    bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT_BYTES, onError: (c) => fail(c as Context<Env>, 413, 'payload_too_large', `The request is larger than ${WEBHOOK_BODY_LIMIT_BYTES} bytes.`) }),
    async (c) => {
      const requestId = c.get('requestId');
      const body = await c.req.arrayBuffer();
      const signature = /^sha256=(\S+)$/i.exec(c.req.header('x-dd-signature')?.trim() ?? '')?.[1];
      const digest = signature ? decodeDigest(signature) : null;
      if (!digest || !(await crypto.subtle.verify('HMAC', await key!, digest, body))) {
        log.warn({ requestId, signature: signature ? 'mismatch' : 'missing' }, 'deskdirector webhook refused');
        return fail(c, 401, 'unauthenticated', 'The x-dd-signature header is missing or does not match the body.');
      }

      const hostParam = c.req.query('host');
      const host = hostParam !== undefined ? normalizeHost(hostParam) : config.deskDirectorHosts.length === 1 ? config.deskDirectorHosts[0]! : null;
      if (!host || !allowedHosts.has(host)) {
        log.warn({ requestId, host: hostParam ?? null }, 'deskdirector webhook for an unknown instance');
        return fail(c, 400, 'invalid_request', 'Add ?host=<your DeskDirector URL> to the webhook URL; it must be one of DESKDIRECTOR_HOSTS.');
      }

      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(body));
      } catch {
        json = undefined;
      }
      const events = readTicketEvents(json);
      if (events.length === 0) {
        const keys = json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json).slice(0, 20).map((k) => k.slice(0, 40)) : [];
        log.warn({ requestId, host, outcome: 'ignored-unknown-shape', type: Array.isArray(json) ? 'array' : json === null ? 'null' : typeof json, keys, bytes: body.byteLength }, 'deskdirector webhook');
        return c.json({ ok: true, outcome: 'ignored-unknown-shape' }, 200);
      }

      // Only the body is signed: a delivery-id header could be changed to replay a signed
      // event as new, so the key is the body's hash alone.
      const delivery = `sha256:${await sha256Hex(body)}`;
      const results: Array<TicketEvent & { outcome: Outcome }> = [];
      for (const event of events) {
        const outcome = await apply(host, event, delivery);
        results.push({ ...event, outcome });
        log[outcome === 'failed' ? 'warn' : 'info']({ requestId, host, ...event, outcome }, 'deskdirector webhook');
      }
      if (results.some((r) => r.outcome === 'failed')) {
        // Not acknowledged, so DeskDirector delivers it again (the webhook pauses for 30 minutes first).
        c.header('Retry-After', '60');
        return fail(c, 503, 'directly_unavailable', 'Directly did not close the question; deliver this event again later.');
      }
      if (results.length === 1) return c.json({ ok: true, outcome: results[0]!.outcome }, 200);
      return c.json({ ok: true, outcome: 'several', results: results.map(({ ticketId, outcome }) => ({ ticketId, outcome })) }, 200);
    },
  );

  return webhook;
}
