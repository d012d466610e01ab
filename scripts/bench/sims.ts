// The simulated DeskDirector and Directly (sim/stack.ts) in a process of their own,
// started by scripts/bench/stack.ts over IPC. The proxy runs in another process (its real
// entry, PROXY_ENTRY in stack.ts), so the bench measures it as deployed: every upstream call
// crosses a process boundary, and the proxy's memory is its own.
import type { DdTicket } from '../../common/deskdirector.ts';
import { startSimulators } from '../../sim/stack.ts';

export interface BenchSimsOptions {
  ddLatencyMs: number;
  appOrigin: string;
}

export type BenchSimsReady = {
  type: 'ready';
  ddOrigin: string;
  directlyOrigin: string;
  /** A Portal token for Alice (contact:101), valid for an hour. */
  token: string;
  /** The proxy's settings for these simulators (random secrets, loopback only). */
  proxyEnv: Record<string, string>;
};

export type BenchSimsRequest = { id: number; type: 'addTickets'; count: number } | { id: number; type: 'calls' } | { id: number; type: 'stop' };

/** Extra open tickets for Alice, numbered from 100001, so each escalation has its own ticket. */
const FIRST_BENCH_TICKET = 100_001;

if (process.send) {
  const opts = JSON.parse(process.argv[2] ?? '{}') as BenchSimsOptions;
  const sims = await startSimulators({ ddLatencyMs: opts.ddLatencyMs, appOrigin: opts.appOrigin });
  const template = sims.dd.tickets.find((t) => t.contact.id === 101 && !t.isClosed)!;
  let next = FIRST_BENCH_TICKET;

  const reply = (id: number, body: unknown) => process.send!({ id, body });
  // The bench is gone (done, or failed): so are its simulators.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const m = raw as BenchSimsRequest;
    if (m.type === 'addTickets') {
      const added: DdTicket[] = [];
      for (let i = 0; i < m.count; i++) {
        const id = next++;
        added.push({ ...structuredClone(template), id, summary: `Bench ticket ${id}: ${template.summary}` });
      }
      sims.dd.tickets.push(...added);
      reply(m.id, added);
    } else if (m.type === 'calls') {
      reply(m.id, { dd: Object.fromEntries(sims.dd.calls), directlySaves: sims.directly.saveCalls() });
    } else if (m.type === 'stop') {
      void sims.stop().then(() => process.disconnect());
    }
  });
  process.send({
    type: 'ready',
    ddOrigin: sims.ddOrigin,
    directlyOrigin: sims.directlyOrigin,
    token: sims.dd.mint('contact:101'),
    proxyEnv: sims.proxyEnv,
  } satisfies BenchSimsReady);
}
