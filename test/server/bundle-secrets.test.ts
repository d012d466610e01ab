// The built page (what every browser downloads) holds nothing of the server's
// configuration. The app is built here with every server variable set to a canary
// value, as on a production machine where the build runs beside the proxy's
// environment, and every file of the output is searched for the canaries and for the
// names of the secret variables (a name in the bundle means server code was bundled).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const run = promisify(execFile);

const CANARY = 'CANARY7f3a9c';
/** Every variable server/config.ts reads, set to values no real build would contain. */
const serverEnv: Record<string, string> = {
  DIRECTLY_BASE_URL: `https://${CANARY.toLowerCase()}-tenant.directly.example`,
  DIRECTLY_API_TOKEN: `${CANARY}-directly-api-token-0123456789`,
  DESKDIRECTOR_HOSTS: `https://${CANARY.toLowerCase()}-hosts.deskdirector.example`,
  DESKDIRECTOR_PORTAL_ORIGINS: `https://${CANARY.toLowerCase()}-portal.example`,
  DESKDIRECTOR_API_KEYS: `https://${CANARY.toLowerCase()}-hosts.deskdirector.example=${CANARY}-dd-api-key-0123456789`,
  DESKDIRECTOR_WEBHOOK_SECRET: `${CANARY}-webhook-secret-0123456789`,
  DATABASE_URL: `postgres://proxy:${CANARY}-db-password@db.internal:5432/ledger`,
  EXPERT_MAPPING_FILE: `/etc/${CANARY}/mapping.json`,
  DATA_DIR: `/var/lib/${CANARY}`,
};
/** Names that would only be in the bundle if server code or process.env were bundled. */
const secretNames = [
  'DIRECTLY_API_TOKEN',
  'DESKDIRECTOR_API_KEYS',
  'DESKDIRECTOR_WEBHOOK_SECRET',
  'DATABASE_URL',
  'directlyApiToken',
  'deskDirectorApiKeys',
  'webhookSecret',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Each file and the forbidden strings found in it. */
function scan(dir: string, forbidden: string[]): Array<{ file: string; found: string[] }> {
  return filesUnder(dir)
    .map((file) => {
      const text = readFileSync(file, 'latin1');
      return { file: relative(dir, file), found: forbidden.filter((s) => text.includes(s)) };
    })
    .filter((r) => r.found.length > 0);
}

const forbiddenValues = [CANARY, CANARY.toLowerCase(), ...Object.values(serverEnv)];

let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'dd-bundle-'));
  await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, ...serverEnv, NODE_ENV: 'production' },
    timeout: 120_000,
  });
}, 130_000);
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the built bundle', () => {
  test('built with every server variable set to a canary, it holds none of their values', () => {
    const js = filesUnder(out).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    expect(js.reduce((n, f) => n + statSync(f).size, 0)).toBeGreaterThan(50_000);
    expect(scan(out, forbiddenValues)).toEqual([]);
  });

  test('holds no secret variable name and no process.env access', () => {
    expect(scan(out, [...secretNames, 'process.env'])).toEqual([]);
  });

  test('the scan finds a planted canary (it can fail)', () => {
    const planted = join(out, 'assets', 'planted.js');
    writeFileSync(planted, `const t = ${JSON.stringify(serverEnv.DIRECTLY_API_TOKEN)};`);
    try {
      expect(scan(out, forbiddenValues)).toEqual([{ file: join('assets', 'planted.js'), found: [CANARY, serverEnv.DIRECTLY_API_TOKEN] }]);
    } finally {
      rmSync(planted);
    }
  });

  test.skipIf(!existsSync(join(root, 'dist/index.html')))('dist/ (built by npm test) holds no secret variable name and no process.env access', () => {
    expect(scan(join(root, 'dist'), [...secretNames, 'process.env'])).toEqual([]);
  });
});
