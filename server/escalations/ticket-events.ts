// DeskDirector's ticket status webhook, read tolerantly: its payload is not public. One
// event or, as DeskDirector's webhooks "return arrays in general" (DeskDirector/docs
// chat_session_payload.md), an array of them.
import { createHash } from 'node:crypto';
import { cleanText } from '../../common/question.ts';
import * as v from 'valibot';
import { ticketIdSchema } from '../../common/contract.ts';

/** Events read from one delivery, at most. */
export const MAX_EVENTS = 50;

export interface TicketEvent {
  ticketId: number;
  status: string;
}

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

/** Only the body is signed: a delivery-id header could be changed to replay a signed event as new, so the key is the body's hash alone. */
export const deliveryKeyOf = (body: ArrayBuffer) => `sha256:${createHash('sha256').update(new Uint8Array(body)).digest('hex')}`;

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

function asStatus(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // A status name is one line: the drafts' cleaning, then no line breaks or tabs either.
  const s = cleanText(v).replace(/[\t\n]/g, '');
  return s && s.length <= 100 ? s : null;
}

/** The ticket and its new status, wherever a plausible payload puts them; null when not found. */
export function readTicketEvent(json: unknown): TicketEvent | null {
  for (const container of CONTAINERS) {
    const base = container.length ? pick(json, container) : json;
    if (!base || typeof base !== 'object' || Array.isArray(base)) continue;
    const ticketId = TICKET_ID_PATHS.map((p) => v.safeParse(ticketIdSchema, pick(base, p))).find((r) => r.success)?.output;
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
