// What a Portal user downloads before the page can start: the app's initial JS+CSS
// (what index.html loads, never lazy chunks), gzipped, against the floor, a bare page on
// the same libraries built by the same vite.config.ts (scripts/bench/floor/). Both are
// built here into temp dirs (about a second each), so the test never reads a stale dist/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE_BUDGET, buildInto, FLOOR_ROOT, initialBundle, ROOT, type InitialBundle } from '../../scripts/bundle-size.ts';

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
const describeSizes = () =>
  `app ${appBundle.gzipBytes} B gz (${appBundle.assets.map((a) => a.file).join(', ')}), floor ${floorBundle.gzipBytes} B gz, ${ratio().toFixed(3)}×`;

describe('the Portal initial bundle', () => {
  test('the floor holds the libraries, so the ratio means something', () => {
    // react-dom alone is over 50 kB gzipped; a floor smaller than that lost its libraries.
    expect(floorBundle.gzipBytes).toBeGreaterThan(50_000);
    expect(appBundle.assets.some((a) => a.file.endsWith('.js'))).toBe(true);
    expect(appBundle.assets.some((a) => a.file.endsWith('.css'))).toBe(true);
  });

  // The ticket view, the launch screens, the report and their styles, the draft's checks and
  // the error envelope are lazy chunks; that is what keeps it within budget.
  test(`is at most ${BUNDLE_BUDGET}× the floor, gzipped`, () => {
    expect(ratio(), describeSizes()).toBeLessThanOrEqual(BUNDLE_BUDGET);
  });

  test.each([
    ["the technicians' report", ['admin/escalations.csv', 'Median time to close']],
    ["the technicians' setup check", ['Download suggested profile', 'deskdirector-profile.suggested.json']],
    ['the ticket view and its form', ['What experts will see', 'Close expert question']],
    [
      'the screens for a launch that cannot start or a session that ends',
      ['The sign-in from DeskDirector is not readable', 'Your DeskDirector sign-in ends in less than'],
    ],
    ["the later screens' styles and the colours only they use", ['.field-error{', '.filters{', '.note-warn{', '.launch-error{', 'textarea{', '--warn-bg:']],
    ["the draft's checks and the text cleaning only the form uses", ['Describe the question in at least', 'Extended_Pictographic']],
    ["the proxy's error envelope, read only when it refuses something", ['idempotency_conflict', 'payload_too_large']],
  ])('leaves %s out (a lazy chunk)', (_what, markers) => {
    // Strings only that part has, and minifying keeps.
    const initial = new Set(appBundle.assets.map((a) => a.file));
    const chunks = readdirSync(join(app!.outDir, 'assets'))
      .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
      .map((f) => ({ file: `assets/${f}`, text: readFileSync(join(app!.outDir, 'assets', f), 'utf8') }));
    for (const marker of markers) {
      const holders = chunks.filter((c) => c.text.includes(marker)).map((c) => c.file);
      expect(holders, `some chunk holds "${marker}"`).not.toHaveLength(0);
      expect(
        holders.filter((f) => initial.has(f)),
        `initial files holding "${marker}"`,
      ).toEqual([]);
    }
  });

  test("carries none of the expert mapping's checks: the page takes the mapping the proxy checked at start", () => {
    const files = readdirSync(join(app!.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    for (const marker of ['must not contain [ or ]', 'or queue, account, requestType'])
      expect(
        files.filter((f) => readFileSync(join(app!.outDir, 'assets', f), 'utf8').includes(marker)),
        marker,
      ).toEqual([]);
  });
});
