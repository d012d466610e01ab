// The zero-credential demo: a simulated DeskDirector and a simulated Directly on
// loopback, and the real proxy serving the built app, all in one process. The proxy
// reaches the simulators over real HTTP, exactly as it would reach the real services.
// `npm start -- --variant` starts the other simulated instance (sim/deskdirector/dialect.ts),
// which the proxy reads through its profile file.
import { existsSync } from 'node:fs';
import { createLogger } from '../server/log.ts';
import { startStack } from './stack.ts';

if (!existsSync('dist/index.html')) {
  process.stderr.write('dist/ is missing: run "npm start" (it builds first) or "npm run build".\n');
  process.exit(1);
}

const variant = process.argv.includes('--variant') || process.env.DD_SIM_DIALECT === 'variant';
const ports = { PORT: 4000, DD_SIM_PORT: 4010, DIRECTLY_SIM_PORT: 4020 };
const port = (name: keyof typeof ports) => Number(process.env[name] ?? ports[name]);

let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    appPort: port('PORT'),
    ddPort: port('DD_SIM_PORT'),
    directlyPort: port('DIRECTLY_SIM_PORT'),
    dataDir: process.env.DATA_DIR ?? (variant ? 'data/demo-variant' : 'data/demo'),
    ddLatencyMs: Number(process.env.DD_SIM_LATENCY_MS ?? 0),
    log: createLogger(undefined, process.env.LOG_LEVEL === 'info' ? 'info' : 'warn'),
    env: process.env.EXPERT_MAPPING_FILE ? { EXPERT_MAPPING_FILE: process.env.EXPERT_MAPPING_FILE } : {},
    dialect: variant ? 'variant' : 'standard',
  });
} catch (e) {
  const err = e as NodeJS.ErrnoException & { port?: number };
  if (err.code === 'EADDRINUSE') {
    const taken = (Object.keys(ports) as Array<keyof typeof ports>).find((name) => port(name) === err.port);
    process.stderr.write(
      `Port ${err.port ?? ''} is in use${taken ? ` (${taken})` : ''}. Stop what uses it, or move the demo: PORT=5000 DD_SIM_PORT=5010 DIRECTLY_SIM_PORT=5020 npm start\n`,
    );
  } else {
    process.stderr.write(`The demo could not start: ${err.message}\n`);
  }
  process.exit(1);
}

process.stdout.write(`
  Demo ready${variant ? ' (the variant DeskDirector instance)' : ''}. Open the simulated DeskDirector portal:

    ${stack.ddOrigin}/

  Switch between Portal users and TECH users at the top of that page. After a question is
  sent, a note with its link is written on the simulated ticket; as a TECH user, set a
  ticket's status to Closed or Resolved and its question closes too. Technicians also
  have a Setup check tab: the same checks as "npm run doctor".
  Escalations are kept in ${stack.config.dataDir}. Press Ctrl+C to stop.

`);

const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
