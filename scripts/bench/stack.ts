// The deployed shape on loopback: the simulators in one child process (sims.ts), the
// proxy in another, started by its real entry with the settings an admin would give.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../bundle-size.ts';
import type { BenchSimsOptions, BenchSimsReady, BenchSimsRequest } from './sims.ts';

/** The proxy's real start command (main.ts with the deployed Node flags and compile cache), production logging included. */
export const PROXY_ENTRY = join(ROOT, 'server', 'node.ts');

type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface StackHandle extends Omit<BenchSimsReady, 'type' | 'proxyEnv'> {
  appOrigin: string;
  /** The simulated Directly's token, for the bench's direct calls. */
  directlyToken: string;
  /** The proxy's process (PROXY_ENTRY). */
  proxyPid: number;
  /** Asks the simulators' process. */
  ask<T>(req: Unsent<BenchSimsRequest>): Promise<T>;
  stop(): Promise<void>;
}

/** A free loopback port, so the simulators can be told the proxy's origin before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Ends a child process, killing it if it has not exited within 5 s. */
async function ended(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  ask();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function startStack(opts: { ddLatencyMs: number; staticDir: string; dataDir: string; databaseUrl?: string | undefined }): Promise<StackHandle> {
  const port = await freePort();
  const appOrigin = `http://127.0.0.1:${port}`;
  const sims = fork(join(import.meta.dirname, 'sims.ts'), [JSON.stringify({ ddLatencyMs: opts.ddLatencyMs, appOrigin } satisfies BenchSimsOptions)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (body: unknown) => void>();
  let nextId = 1;
  const ready = await new Promise<BenchSimsReady>((resolve, reject) => {
    sims.once('exit', (code) => reject(new Error(`bench simulators exited (${code})`)));
    sims.on('message', (raw) => {
      const m = raw as BenchSimsReady | { id: number; body: unknown };
      if ('type' in m && m.type === 'ready') resolve(m);
      else if ('id' in m) {
        pending.get(m.id)?.(m.body);
        pending.delete(m.id);
      }
    });
  });
  sims.removeAllListeners('exit');

  // e.g. BENCH_PROXY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  const nodeArgs = process.env.BENCH_PROXY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proxy = spawn(process.execPath, [...nodeArgs, PROXY_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      ...ready.proxyEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: opts.dataDir,
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      STATIC_DIR: opts.staticDir,
      // One bench user sends thousands of requests: the limits stay on, just out of reach.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      // Where the time goes inside the proxy, per escalation (see server/http/request-context.ts).
      SERVER_TIMING: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its JSON logs are read (a full pipe would stall it) and the tail kept for errors.
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
  proxy.stdout.on('data', keep);
  proxy.stderr.on('data', keep);
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (proxy.exitCode !== null) throw new Error(`the proxy exited (${proxy.exitCode}):\n${output}`);
    const up = await fetch(`${appOrigin}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (performance.now() > deadline) throw new Error(`the proxy did not start within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    appOrigin,
    ddOrigin: ready.ddOrigin,
    directlyOrigin: ready.directlyOrigin,
    token: ready.token,
    directlyToken: ready.proxyEnv.DIRECTLY_API_TOKEN!,
    proxyPid: proxy.pid!,
    ask: <T>(req: Unsent<BenchSimsRequest>) =>
      new Promise<T>((res) => {
        const id = nextId++;
        pending.set(id, res as (body: unknown) => void);
        sims.send({ ...req, id });
      }),
    stop: async () => {
      await ended(proxy, () => proxy.kill('SIGTERM'));
      await ended(sims, () => sims.send({ type: 'stop', id: nextId++ }));
    },
  };
}
