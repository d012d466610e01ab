// One loopback stack (sim/stack.ts: simulated DeskDirector, simulated Directly and the
// real proxy) in a process of its own, started by scripts/bench.ts over IPC, so the
// bench loads it from outside and reads its memory (RSS) without counting its own.
import type { DdTicket } from '../common/deskdirector-api.ts';
import { createLogger } from '../server/log.ts';
import { startStack, type StackOptions } from '../sim/stack.ts';

export interface BenchStackOptions {
  ddLatencyMs: number;
  staticDir: string;
  dataDir?: string;
}

export type BenchStackReady = {
  type: 'ready';
  appOrigin: string;
  ddOrigin: string;
  directlyOrigin: string;
  /** A Portal token for Alice (contact:101), valid for an hour. */
  token: string;
  /** The simulated Directly's token, for the bench's direct calls (random per run, loopback only). */
  directlyToken: string;
  /** This process's memory before the stack started (Node and the modules) and once it listens. */
  memory: { rssBefore: number; rssStarted: number; externalStarted: number };
};

export type BenchStackRequest = { id: number; type: 'addTickets'; count: number } | { id: number; type: 'calls' } | { id: number; type: 'stop' };

/** Extra open tickets for Alice, numbered from 100001, so each escalation has its own ticket. */
const FIRST_BENCH_TICKET = 100_001;

if (process.send) {
  const opts = JSON.parse(process.argv[2] ?? '{}') as BenchStackOptions;
  const rssBefore = process.memoryUsage().rss;
  const stackOptions: StackOptions = {
    ddLatencyMs: opts.ddLatencyMs,
    staticDir: opts.staticDir,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    log: createLogger(undefined, 'warn'),
    // One bench user sends thousands of requests: the limits stay on, just out of reach.
    env: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' },
  };
  const stack = await startStack(stackOptions);
  const template = stack.dd.tickets.find((t) => t.contact.id === 101 && !t.isClosed)!;
  let next = FIRST_BENCH_TICKET;

  const reply = (id: number, body: unknown) => process.send!({ id, body });
  // The bench is gone (done, or failed): so is its stack.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const m = raw as BenchStackRequest;
    if (m.type === 'addTickets') {
      const added: DdTicket[] = [];
      for (let i = 0; i < m.count; i++) {
        const id = next++;
        added.push({ ...structuredClone(template), id, summary: `Bench ticket ${id}: ${template.summary}` });
      }
      stack.dd.tickets.push(...added);
      reply(m.id, added);
    } else if (m.type === 'calls') {
      reply(m.id, { dd: Object.fromEntries(stack.dd.calls), directlySaves: stack.directly.saveCalls() });
    } else if (m.type === 'stop') {
      void stack.stop().then(() => process.disconnect());
    }
  });
  process.send({
    type: 'ready',
    appOrigin: stack.appOrigin,
    ddOrigin: stack.ddOrigin,
    directlyOrigin: stack.directlyOrigin,
    token: stack.dd.mint('contact:101'),
    directlyToken: stack.config.directlyApiToken,
    memory: { rssBefore, rssStarted: process.memoryUsage().rss, externalStarted: process.memoryUsage().external },
  } satisfies BenchStackReady);
}
