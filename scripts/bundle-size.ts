// What a browser downloads before the page can start: the JS and CSS that index.html
// loads (its script, stylesheets and module preloads, and the chunks those import
// statically), gzipped, never the lazy chunks. Shared by the bench (scripts/bench/) and
// the budget test (test/server/bundle-budget.test.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = join(import.meta.dirname, '..');
/** The floor: a bare page on the same libraries, built by the same Vite config. */
export const FLOOR_ROOT = join(ROOT, 'scripts', 'bench', 'floor');
/** The app's initial JS+CSS, gzipped, may be at most this many times the floor's. */
export const BUNDLE_BUDGET = 1.11;

export interface Asset {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialBundle {
  assets: Asset[];
  bytes: number;
  gzipBytes: number;
}

/** Builds `root` (the app when omitted) with the project's vite.config.ts into a new temp dir. */
export async function buildInto(root: string = ROOT, label = 'app'): Promise<{ outDir: string; remove: () => void }> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), `dd-directly-${label}-`));
  // A test runner sets NODE_ENV=test, which would make Vite build React's development copy.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root,
      mode: 'production',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

function attrs(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
}

/** Static imports only: `import"./a.js"`, `from"./a.js"`; a dynamic `import("./a.js")` is lazy. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The files index.html makes the browser fetch before the page runs, with their sizes. */
export function initialBundle(distDir: string): InitialBundle {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const queue: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const a = attrs(tag);
    if (a.src) queue.push(a.src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const a = attrs(tag);
    if (a.href && (a.rel === 'stylesheet' || a.rel === 'modulepreload')) queue.push(a.href);
  }
  const seen = new Set<string>();
  const assets: Asset[] = [];
  while (queue.length > 0) {
    const ref = queue.shift()!;
    const file = join(distDir, ref.replace(/^\//, '').replace(/[?#].*$/, ''));
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) throw new Error(`index.html names ${ref}, which the build did not write`);
    const buf = readFileSync(file);
    assets.push({ file: relative(distDir, file), bytes: buf.length, gzipBytes: gzipSync(buf).length });
    if (file.endsWith('.js')) {
      for (const m of buf.toString('utf8').matchAll(STATIC_IMPORT)) queue.push(relative(distDir, join(dirname(file), m[1]!)));
    }
  }
  return { assets, bytes: assets.reduce((n, a) => n + a.bytes, 0), gzipBytes: assets.reduce((n, a) => n + a.gzipBytes, 0) };
}

/** Builds the app and the floor, measures both, and cleans up. */
export async function measureBundles(): Promise<{ app: InitialBundle; floor: InitialBundle; ratio: number }> {
  const app = await buildInto(ROOT, 'app');
  const floor = await buildInto(FLOOR_ROOT, 'floor');
  try {
    const a = initialBundle(app.outDir);
    const f = initialBundle(floor.outDir);
    return { app: a, floor: f, ratio: a.gzipBytes / f.gzipBytes };
  } finally {
    app.remove();
    floor.remove();
  }
}
