// The proxy as deployed (server/node.ts: main.ts with the deployed Node flags, in a process
// of its own) with its embedded ledger: small at rest, and a data directory it cannot use
// stops the start with one clear line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openDb } from '../../server/ledger/db.ts';
import { createLedger } from '../../server/ledger/index.ts';

const START = join(import.meta.dirname, '../../server/node.ts');
const RSS_LIMIT_MB = 150;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dd-ledger-start-'));
  dirs.push(d);
  return d;
};

/** A free loopback port (PORT must be given; 0 is refused). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Starts the proxy with the least an admin must set; the upstreams are never called. */
function start(dataDir: string, port = 1, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [START], {
    env: {
      ...extra,
      PATH: process.env.PATH ?? '',
      DIRECTLY_BASE_URL: 'https://directly.invalid',
      DIRECTLY_API_TOKEN: 'test-directly-token-0123456789',
      DESKDIRECTOR_HOSTS: 'https://dd.invalid',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b));
  child.stderr.on('data', (b: Buffer) => (stderr += b));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => ({ stdout, stderr }) };
}

/** Waits until the started proxy answers its health check; its first answer. */
async function untilUp(proxy: ReturnType<typeof start>, port: number): Promise<Response> {
  for (let waited = 0; ; waited += 50) {
    if (proxy.child.exitCode !== null) throw new Error(`the proxy exited:\n${proxy.out().stderr}`);
    if (waited > 30_000) throw new Error(`the proxy did not start:\n${proxy.out().stdout}${proxy.out().stderr}`);
    const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    if (res?.ok) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The proxy's JSON log lines on stdout so far. */
const logLines = (proxy: ReturnType<typeof start>) =>
  proxy
    .out()
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the proxy process with its embedded ledger', () => {
  test(`at rest after start, it holds under ${RSS_LIMIT_MB} MB of memory (RSS)`, async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const proxy = start(dataDir, port);
    try {
      await untilUp(proxy, port);
      const status = readFileSync(`/proc/${proxy.child.pid}/status`, 'utf8');
      const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
      expect(rssMb).toBeLessThan(RSS_LIMIT_MB);
      expect(readFileSync(join(dataDir, 'ledger.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');
    } finally {
      proxy.child.kill('SIGTERM');
      await proxy.exited;
    }
  });

  test("a request's log line is on stdout once its answer arrives: killed at once (SIGKILL), the proxy still left it", async () => {
    const port = await freePort();
    const proxy = start(tempDir(), port);
    try {
      const res = await untilUp(proxy, port);
      const id = res.headers.get('x-request-id');
      proxy.child.kill('SIGKILL');
      await proxy.exited;
      const lines = logLines(proxy);
      expect(lines.find((l) => l.requestId === id)).toMatchObject({ msg: 'request', method: 'GET', path: '/api/health', status: 200 });
      expect(lines.find((l) => l.msg === 'proxy listening')).toBeDefined();
    } finally {
      proxy.child.kill('SIGKILL');
    }
  });

  test('a send cut short by a restart of the machine holds its ticket before the proxy takes a request', async () => {
    const dataDir = tempDir();
    const before = await openDb({ dataDir });
    await before.migrate();
    const intent = await createLedger(before, Date.now, 'a boot before this one').intents.announce({
      host: 'https://dd.invalid',
      ticketId: 5001,
      helpDeskId: '5001',
      escalatedBy: { app: 'portal', id: 101, name: 'Alice Nguyen' },
      subject: 'Printer offline',
      text: 'It says offline.',
    });
    await intent.onDisk;
    await before.close();

    const port = await freePort();
    const proxy = start(dataDir, port);
    try {
      await untilUp(proxy, port);
    } finally {
      proxy.child.kill('SIGTERM');
      await proxy.exited;
    }
    const logged = logLines(proxy);
    expect(logged.find((l) => l.held === 1)).toMatchObject({ msg: 'tickets held as unknown: the machine restarted while they were being sent' });
    const after = await openDb({ dataDir });
    try {
      const { rows } = await after.query<{ ticket_id: number; state: string; help_desk_id: string }>(`select ticket_id, state, help_desk_id from escalations`);
      expect(rows).toEqual([{ ticket_id: 5001, state: 'unknown', help_desk_id: '5001' }]);
      expect((await after.query(`select * from send_intents`)).rows).toEqual([]);
    } finally {
      await after.close();
    }
  });

  test('a PGlite data directory from an earlier build stops the start with a clear message', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'PG_VERSION'), '17\n');
    const proxy = start(dataDir);
    expect(await proxy.exited).toBe(1);
    const { stderr } = proxy.out();
    expect(stderr).toBe(
      `The proxy cannot start. Fix these settings:\n  - DATA_DIR: ${dataDir} holds a PGlite database from an earlier build of the proxy. The ledger is now SQLite (ledger.sqlite) and nothing was ever released, so nothing is carried over: move that directory away, or set DATA_DIR to a new one.\n`,
    );
  });

  test('a port another process holds stops the start with one line and exit code 1', async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as AddressInfo).port)));
    try {
      const proxy = start(tempDir(), port);
      expect(await proxy.exited).toBe(1);
      expect(proxy.out().stderr).toBe(
        `The proxy cannot start. Fix these settings:\n  - PORT: ${port} is already in use by another process; choose another (HOST=127.0.0.1)\n`,
      );
    } finally {
      holder.close();
    }
  });

  test('a PostgreSQL server that cannot be reached stops the start with one line and exit code 1', async () => {
    const proxy = start(tempDir(), 1, { DATABASE_URL: 'postgres://proxy@127.0.0.1:1/ledger' });
    expect(await proxy.exited).toBe(1);
    const { stderr } = proxy.out();
    expect(stderr).toMatch(/^The proxy cannot start\. Fix these settings:\n {2}- DATABASE_URL: the ledger's PostgreSQL cannot be used \(.+\)\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a data directory that cannot be written stops the start with one line, not a stack', async () => {
    const parent = tempDir();
    // A file where a directory should be: no one, root included, can create the ledger under it.
    writeFileSync(join(parent, 'not-a-dir'), '');
    const dataDir = join(parent, 'not-a-dir', 'ledger');
    const proxy = start(dataDir);
    expect(await proxy.exited).toBe(1);
    expect(proxy.out().stderr).toBe(
      `The proxy cannot start. Fix these settings:\n  - DATA_DIR: cannot write the ledger at ${join(dataDir, 'ledger.sqlite')} (ENOTDIR)\n`,
    );
  });
});
