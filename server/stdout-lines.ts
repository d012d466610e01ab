// Log lines on standard output in as few writes as a request allows. Each write to the pipe
// wakes its reader (journald, a container runtime), which costs the proxy more CPU than the
// line itself, and an escalation logs two lines. Lines wait for the request's own access
// line, which writes them all at once, before its answer is written; a line of no request
// waits at most for the end of the event loop's turn. Whatever still waits when the process
// exits (process.exit, an uncaught error, the stop on SIGTERM) is written synchronously.
import { writeSync } from 'node:fs';

let pending = '';
let scheduled = false;
let hooked = false;

/** Writes every waiting line now. */
export function flushStdout(): void {
  scheduled = false;
  if (pending === '') return;
  const out = pending;
  pending = '';
  process.stdout.write(out);
}

/** Queues one line (without its newline) for standard output. */
export function writeStdoutLine(line: string): void {
  pending += `${line}\n`;
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      if (pending !== '') writeSync(1, pending);
      pending = '';
    });
  }
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushStdout);
  }
}
