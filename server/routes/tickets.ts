// The page's reads of DeskDirector, made as the caller. These routes check the caller
// themselves, alongside the read, so they are mounted before the caller check.
import { Hono } from 'hono';
import { ticketIdParam, ticketPageQuery, TICKET_PAGE_SIZE, type TicketPageReply, type TicketReply } from '../../common/contract.ts';
import { visibleTo, type CallerChecks } from '../http/caller.ts';
import type { Env } from '../http/env.ts';
import { parsed } from '../http/validate.ts';
import type { Services } from '../services.ts';

export const ticketRoutes = ({ ledger }: Services, callers: CallerChecks) =>
  new Hono<Env>()
    // The first screen in one answer: who the caller is, a page of their open tickets, and
    // the latest escalation of each.
    .get('/', async (c) => {
      const presented = callers.presentedBy(c);
      const { page, search } = parsed(ticketPageQuery, c.req.query());
      const { timing } = c.var;
      const [caller, tickets] = await callers.verifyWhileReading(
        c,
        presented,
        (dd, signal) =>
          timing.time(
            'tickets',
            dd.findTickets({ take: TICKET_PAGE_SIZE, skip: page * TICKET_PAGE_SIZE, openOnly: true, search: search || undefined }, signal),
          ),
        'list',
      );
      const ids = tickets.results.map((t) => t.id);
      const escalations = ids.length ? visibleTo(caller, await timing.time('escalations', ledger.escalations.latestFor(caller.host, ids))) : [];
      return c.json({ user: caller.user, tickets, escalations } satisfies TicketPageReply);
    })
    // One ticket, read as the caller, with its escalation history.
    .get('/:ticketId', async (c) => {
      const presented = callers.presentedBy(c);
      const { ticketId } = parsed(ticketIdParam, c.req.param(), 'The ticket number must be a positive whole number.');
      const [caller, ticket] = await callers.verifyWhileReading(c, presented, (dd, signal) => dd.ticket(ticketId, signal), 'ticket');
      return c.json({ ticket, escalations: await ledger.escalations.history(caller.host, ticket.id) } satisfies TicketReply);
    });
