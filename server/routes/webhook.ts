// DeskDirector's webhook: when a ticket reaches a closed status, its open Directly
// question is closed too. DeskDirector sends no user token, so this is mounted before
// the authenticated API; the shared secret's HMAC is the only credential.
//
// What is known (docs/reference, help article 4cm0s5zpri): `x-dd-signature:
// sha256=<HMAC-SHA256 of the raw body>`; hex or base64 is not public, so both are
// accepted. A correctly signed event we do not understand is logged and acknowledged,
// because a failed delivery pauses the webhook for 30 minutes.
//
// Answers: 404 when no secret is configured; 401 bad or missing signature; 400 unknown
// instance; 413 too large; 200 at once for everything signed that was read or ignored.
// Closing is queued in the outbox and retried by the proxy: nothing public says
// DeskDirector redelivers, and a failed delivery pauses its webhook for 30 minutes.
import { Hono, type Context } from 'hono';
import { normalizeHost } from '../../common/deskdirector.ts';
import { queueCloseOnStatus, type StatusOutcome } from '../escalations/close-question.ts';
import { decodeDigest, deliveryKeyOf, readTicketEvents, type TicketEvent } from '../escalations/ticket-events.ts';
import { ApiError, noSuchRoute } from '../errors.ts';
import type { Env } from '../http/env.ts';
import { tooMany, type RateLimiter } from '../http/rate-limit.ts';
import { limitBody } from '../http/validate.ts';
import type { Services } from '../services.ts';

export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

/** `charge` takes from the sender address's bucket (unsigned requests); `deliveries` is the signed deliveries' own limit. */
export function webhookRoutes(svc: Services, limits: { charge: (c: Context<Env>) => void; deliveries: RateLimiter }) {
  const { config, log } = svc;
  const secret = config.webhookSecret;
  const key = secret ? crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']) : null;

  return new Hono<Env>().post(
    '/deskdirector',
    async (c, next) => {
      if (!key) {
        limits.charge(c);
        throw noSuchRoute();
      }
      await next();
    },
    limitBody(WEBHOOK_BODY_LIMIT_BYTES),
    async (c) => {
      const { requestId } = c.var;
      const body = await c.req.arrayBuffer();
      const signature = /^sha256=(\S+)$/i.exec(c.req.header('x-dd-signature')?.trim() ?? '')?.[1];
      const digest = signature ? decodeDigest(signature) : null;
      if (!digest || !(await crypto.subtle.verify('HMAC', await key!, digest, body))) {
        limits.charge(c);
        log.warn({ requestId, signature: signature ? 'mismatch' : 'missing' }, 'deskdirector webhook refused');
        throw new ApiError(401, 'unauthenticated', 'The x-dd-signature header is missing or does not match the body.');
      }
      const wait = limits.deliveries.take('deliveries');
      if (wait !== null) {
        log.warn({ requestId, limit: 'webhook' }, 'rate limited');
        throw tooMany(wait);
      }

      const hostParam = c.req.query('host');
      const host = hostParam !== undefined ? normalizeHost(hostParam) : config.deskDirectorHosts.length === 1 ? config.deskDirectorHosts[0]! : null;
      if (!host || !config.deskDirectorHosts.includes(host)) {
        log.warn({ requestId, host: hostParam ?? null }, 'deskdirector webhook for an unknown instance');
        throw new ApiError(400, 'invalid_request', 'Add ?host=<your DeskDirector URL> to the webhook URL; it must be one of DESKDIRECTOR_HOSTS.');
      }

      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(body));
      } catch {
        json = undefined;
      }
      const events = readTicketEvents(json);
      if (events.length === 0) {
        const keys =
          json && typeof json === 'object' && !Array.isArray(json)
            ? Object.keys(json)
                .slice(0, 20)
                .map((k) => k.slice(0, 40))
            : [];
        log.warn(
          {
            requestId,
            host,
            outcome: 'ignored-unknown-shape',
            type: Array.isArray(json) ? 'array' : json === null ? 'null' : typeof json,
            keys,
            bytes: body.byteLength,
          },
          'deskdirector webhook',
        );
        return c.json({ ok: true, outcome: 'ignored-unknown-shape' }, 200);
      }

      const delivery = deliveryKeyOf(body);
      const results: Array<TicketEvent & { outcome: StatusOutcome }> = [];
      for (const event of events) {
        const outcome = await queueCloseOnStatus(svc, host, event, delivery);
        results.push({ ...event, outcome });
        log.info({ requestId, host, ...event, outcome }, 'deskdirector webhook');
      }
      if (results.length === 1) return c.json({ ok: true, outcome: results[0]!.outcome }, 200);
      return c.json({ ok: true, outcome: 'several', results: results.map(({ ticketId, outcome }) => ({ ticketId, outcome })) }, 200);
    },
  );
}
