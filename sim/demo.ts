// The zero-credential demo: a simulated DeskDirector and a simulated Directly on
// loopback, and the real proxy serving the built app, all in one process. The proxy
// reaches the simulators over real HTTP, exactly as it would reach the real services.
import { existsSync } from 'node:fs';
import { createLogger } from '../server/log.ts';
import { startStack } from './stack.ts';

if (!existsSync('dist/index.html')) {
  process.stderr.write('dist/ is missing: run "npm start" (it builds first) or "npm run build".\n');
  process.exit(1);
}

const stack = await startStack({
  appPort: Number(process.env.PORT ?? 4000),
  ddPort: Number(process.env.DD_SIM_PORT ?? 4010),
  directlyPort: Number(process.env.DIRECTLY_SIM_PORT ?? 4020),
  dataDir: process.env.DATA_DIR ?? 'data/demo',
  ddLatencyMs: Number(process.env.DD_SIM_LATENCY_MS ?? 0),
  log: createLogger(undefined, process.env.LOG_LEVEL === 'info' ? 'info' : 'warn'),
  env: process.env.EXPERT_MAPPING_FILE ? { EXPERT_MAPPING_FILE: process.env.EXPERT_MAPPING_FILE } : {},
});

process.stdout.write(`
  Demo ready. Open the simulated DeskDirector portal:

    ${stack.ddOrigin}/

  Switch between Portal users and TECH users at the top of that page. After a
  question is sent, a note with its link is written on the simulated ticket; as a
  TECH user, "Set ticket status" to Closed or Resolved and the question closes too.
  Our app + proxy: ${stack.appOrigin}   simulated Directly: ${stack.directlyOrigin}
  Escalations are kept in ${stack.config.dataDir}. Press Ctrl+C to stop.

`);

const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
