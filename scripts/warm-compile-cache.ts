// `npm run build`'s last step (and the systemd unit's ExecStartPre): fills the compile
// cache server/node.ts starts the proxy with, so even its first start loads no TypeScript
// stripper (about 30 MB less at rest). Node keeps one cache per user, so it runs as the
// user the proxy runs as. It starts the proxy with no settings: every module the proxy
// runs is loaded and compiled into the cache, then the settings check stops it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const start = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'server', 'node.ts')], {
  env: { PATH: process.env.PATH ?? '', ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}) },
  encoding: 'utf8',
});
if (start.status !== 1 || !start.stderr.startsWith('The proxy cannot start.')) {
  process.stderr.write(`warming the compile cache: the proxy did not stop at its settings check as expected (exit ${start.status}):\n${start.stderr}`);
  process.exit(1);
}
process.stderr.write('compile cache warmed for server/node.ts\n');
