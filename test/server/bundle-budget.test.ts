// What a Portal user downloads before the page can start: the app's initial JS+CSS
// (what index.html loads, never lazy chunks), gzipped, against the floor, a bare page on
// the same libraries built by the same vite.config.ts (scripts/bench-floor/). Both are
// built here into temp dirs (about a second each), so the test never reads a stale dist/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE_BUDGET, buildInto, FLOOR_ROOT, initialBundle, ROOT, type InitialBundle } from '../../scripts/bundle-size.ts';

/**
 * The budget is not met today: 100.1 kB against a floor of 86.7 kB, 1.156× (npm run bench).
 * zod (about 24 kB of it) is gone from the page: shared schemas use common/schema.ts, and
 * zod stays in server/ only. Until the budget holds, this ratchet keeps the bundle from
 * growing further; lower it as the gap closes.
 */
const RATCHET = 1.16;

let app: { outDir: string; remove: () => void } | undefined;
let floor: { outDir: string; remove: () => void } | undefined;
let appBundle: InitialBundle;
let floorBundle: InitialBundle;

beforeAll(async () => {
  app = await buildInto(ROOT, 'budget-app');
  floor = await buildInto(FLOOR_ROOT, 'budget-floor');
  appBundle = initialBundle(app.outDir);
  floorBundle = initialBundle(floor.outDir);
}, 120_000);

afterAll(() => {
  app?.remove();
  floor?.remove();
});

const ratio = () => appBundle.gzipBytes / floorBundle.gzipBytes;
const describeSizes = () => `app ${appBundle.gzipBytes} B gz (${appBundle.assets.map((a) => a.file).join(', ')}), floor ${floorBundle.gzipBytes} B gz, ${ratio().toFixed(3)}×`;

describe('the Portal initial bundle', () => {
  test('the floor holds the libraries, so the ratio means something', () => {
    // react-dom alone is over 50 kB gzipped; a floor smaller than that lost its libraries.
    expect(floorBundle.gzipBytes).toBeGreaterThan(50_000);
    expect(appBundle.assets.some((a) => a.file.endsWith('.js'))).toBe(true);
    expect(appBundle.assets.some((a) => a.file.endsWith('.css'))).toBe(true);
  });

  // Known gap (see above), about 0.5 kB gzipped. When the budget holds, this
  // fails as "expected to fail": drop `.fails` and the ratchet.
  test.fails(`is at most ${BUNDLE_BUDGET}× the floor, gzipped`, () => {
    expect(ratio(), describeSizes()).toBeLessThanOrEqual(BUNDLE_BUDGET);
  });

  test(`does not grow past today's size (ratchet: ${RATCHET}× the floor)`, () => {
    expect(ratio(), describeSizes()).toBeLessThanOrEqual(RATCHET);
  });

  test('carries no zod, in any chunk (the page validates with common/schema.ts)', () => {
    // Type names zod 4 keeps as strings through minifying ($constructor('$ZodType', ...)).
    const chunks = readdirSync(join(app!.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const withZod = chunks.filter((f) => /\$Zod(Type|Object|Error)\b/.test(readFileSync(join(app!.outDir, 'assets', f), 'utf8')));
    expect(withZod).toEqual([]);
  });

  test("leaves the technicians' report out (it is a lazy chunk)", () => {
    // Strings only src/features/admin/admin-view.tsx has, and minifying keeps.
    const markers = ['admin/escalations.csv', 'Median time to close'];
    const initial = new Set(appBundle.assets.map((a) => a.file));
    const chunks = readdirSync(join(app!.outDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ file: `assets/${f}`, text: readFileSync(join(app!.outDir, 'assets', f), 'utf8') }));
    for (const marker of markers) {
      const holders = chunks.filter((c) => c.text.includes(marker)).map((c) => c.file);
      expect(holders, `some chunk holds "${marker}"`).not.toHaveLength(0);
      expect(holders.filter((f) => initial.has(f)), `initial files holding "${marker}"`).toEqual([]);
    }
  });
});
