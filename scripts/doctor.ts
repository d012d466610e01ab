// npm run doctor -- https://acme.deskdirector.com [--profile path] [--out file] [--timeout-ms n]
// Checks the instance profile against the instance, read-only, prints one table, writes
// a suggested profile, and exits 1 when any line is ✗ (2 for a usage mistake).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDoctor } from '../server/doctor/run.ts';
import { formatTable, suggestedProfileFile } from '../server/doctor/table.ts';
import { loadProfiles } from '../server/profile/load.ts';

const usage = 'usage: npm run doctor -- https://your-instance.deskdirector.com [--profile profile.json] [--out suggested-profile.json] [--timeout-ms 5000]';

function originOf(raw: string | undefined): string | null {
  try {
    const url = new URL(raw ?? '');
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password ? url.origin : null;
  } catch {
    return null;
  }
}

const parse = () =>
  parseArgs({
    allowPositionals: true,
    options: { profile: { type: 'string' }, out: { type: 'string' }, 'timeout-ms': { type: 'string' }, help: { type: 'boolean' } },
  });
let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${usage}\n`);
  process.exit(2);
}
const host = originOf(args.positionals[0]);
const timeoutMs = Number(args.values['timeout-ms'] ?? 5000);
if (args.values.help || !host || args.positionals.length > 1 || !Number.isInteger(timeoutMs) || timeoutMs < 100) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

const env = process.env;
/** DESKDIRECTOR_API_KEYS as the proxy reads it (`https://host=key,…`), or one DESKDIRECTOR_API_KEY. */
function apiKeyFor(origin: string): string | undefined {
  for (const entry of (env.DESKDIRECTOR_API_KEYS ?? '').split(',')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && originOf(entry.slice(0, eq).trim()) === origin) return entry.slice(eq + 1).trim() || undefined;
  }
  return env.DESKDIRECTOR_API_KEY?.trim() || undefined;
}

const loaded = loadProfiles(args.values.profile ?? env.DESKDIRECTOR_PROFILE_FILE, [host], (p) => readFileSync(p, 'utf8'));
if (loaded.problems.length) {
  process.stderr.write(`The instance profile has problems; fix them first:\n${loaded.problems.map((p) => `  ✗ ${p}`).join('\n')}\n`);
  process.exit(1);
}

let result: Awaited<ReturnType<typeof runDoctor>>;
try {
  result = await runDoctor({
    host,
    profile: loaded.byHost.get(host)!,
    apiKey: apiKeyFor(host),
    accessToken: env.DESKDIRECTOR_ACCESS_TOKEN?.trim() || undefined,
    webhookSecret: env.DESKDIRECTOR_WEBHOOK_SECRET?.trim() || undefined,
    closedStatuses: (env.DESKDIRECTOR_CLOSED_STATUSES ?? 'Closed,Resolved,Completed')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    directly: { baseUrl: env.DIRECTLY_BASE_URL?.trim() || undefined, apiToken: env.DIRECTLY_API_TOKEN?.trim() || undefined },
    timeoutMs,
  });
} catch (e) {
  // A bug in the doctor itself: one line, not a stack trace.
  process.stderr.write(`The doctor stopped: ${(e as Error).message}\n`);
  process.exit(1);
}

const out = resolve(args.values.out ?? 'deskdirector-profile.suggested.json');
let wrote = `Suggested profile: ${out}${result.guessed.length ? ` (${result.guessed.length} guesses to confirm, see its $comment)` : ''}`;
try {
  writeFileSync(out, suggestedProfileFile(result, host));
} catch (e) {
  wrote = `Could not write the suggested profile to ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
}
process.stdout.write(
  `DeskDirector doctor for ${host}\n\n${formatTable(result.rows, process.stdout.isTTY ? Math.max(80, process.stdout.columns) : 120)}\n${wrote}\n`,
);
process.exit(result.rows.some((r) => r.status === 'fail') ? 1 : 0);
