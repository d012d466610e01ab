// The proxy's one start command: `npm run serve`, the systemd unit, the bench and the
// memory test all run this file. It holds Node's flags for the proxy and the compile
// cache `npm run build` warms, then becomes server/main.ts with them (execve: the same
// process and pid, no second Node). Why each flag: docs/performance.md, "Node flags".
import { join } from 'node:path';

const NODE_FLAGS = ['--max-semi-space-size=8'];

const root = join(import.meta.dirname, '..');
if (!process.execve) throw new Error('server/node.ts needs process.execve (Node 22.15 or later, not on Windows): run the Node in node_modules/.bin');
// Flags given to this file (e.g. the bench's --cpu-prof) come last, so they can override ours.
process.execve(process.execPath, [process.execPath, ...NODE_FLAGS, ...process.execArgv, join(import.meta.dirname, 'main.ts')], {
  NODE_COMPILE_CACHE: join(root, 'node_modules', '.cache', 'node-compile'),
  ...process.env,
});
