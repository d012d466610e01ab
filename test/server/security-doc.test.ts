// docs/SECURITY.md names, for each mitigation, the test that proves it. Every such
// reference must name a test file that exists and a test title that is in it, so the
// threat model cannot silently point at a renamed or deleted test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/SECURITY.md'), 'utf8');

/** `file` › "title", "title"… */
const references = [...doc.matchAll(/`(test\/[^`]+\.tsx?)` › ((?:"[^"]*"(?:, )?)+)/g)].flatMap(([, file, titles]) =>
  [...titles!.matchAll(/"([^"]*)"/g)].map(([, title]) => ({ file: file!, title: title! })),
);

describe('docs/SECURITY.md', () => {
  test('cites tests, in every section', () => {
    expect(references.length).toBeGreaterThan(60);
    expect(new Set(references.map((r) => r.file)).size).toBeGreaterThan(15);
  });

  test('every cited test file exists and holds the cited test title', () => {
    const missing = references.filter(({ file, title }) => {
      if (!existsSync(join(root, file))) return true;
      // Titles as written in source: quotes may be escaped.
      const source = readFileSync(join(root, file), 'utf8').replace(/\\(['"`])/g, '$1');
      // As a quoted string (a test's title), not just words that happen to be in a comment.
      return !["'", '"', '`'].some((q) => source.includes(`${q}${title}${q}`));
    });
    expect(missing).toEqual([]);
  });
});
