// The proxy's log lines wait for their request's access line, or the end of the event
// loop's turn, before one write to stdout (server/stdout-lines.ts). None is lost when the
// process ends: by process.exit, an uncaught error, or once flushed, even SIGKILL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const LOG = join(import.meta.dirname, '../../server/log.ts');

/** Runs `body` in a Node process of its own with `log` a default logger; its stdout's JSON lines. */
async function linesOf(body: string): Promise<{ msgs: string[]; code: number | null; signal: string | null }> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { createLogger } from ${JSON.stringify(LOG)};\nconst log = createLogger();\n${body}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b));
  const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('close', (c, s) => r([c, s])));
  return {
    msgs: stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { msg: string }).msg),
    code,
    signal,
  };
}

test('lines of no request are written at the end of the turn, in order', async () => {
  expect((await linesOf(`log.info({}, 'one'); log.warn({}, 'two'); setTimeout(() => log.info({}, 'three'), 10);`)).msgs).toEqual(['one', 'two', 'three']);
});

test('waiting lines are written when the process exits or crashes', async () => {
  expect(await linesOf(`log.info({}, 'before exit'); process.exit(3);`)).toMatchObject({ msgs: ['before exit'], code: 3 });
  expect(await linesOf(`log.info({}, 'before a crash'); throw new Error('boom');`)).toMatchObject({ msgs: ['before a crash'], code: 1 });
  expect(await linesOf(`log.info({}, 'before a rejection'); Promise.reject(new Error('boom'));`)).toMatchObject({ msgs: ['before a rejection'], code: 1 });
});

test('once flushed (at the access line), a line survives even SIGKILL', async () => {
  expect(await linesOf(`log.info({}, 'question created'); log.info({}, 'request'); log.flush(); process.kill(process.pid, 'SIGKILL');`)).toMatchObject({
    msgs: ['question created', 'request'],
    signal: 'SIGKILL',
  });
});
