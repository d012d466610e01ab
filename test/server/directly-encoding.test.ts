// saveQuestion's form encoding against Directly's own sample (seed 000): what a server
// decodes from our body must be, pair for pair and in order, what it decodes from the
// sample's `curl --data` lines.
import { describe, expect, test } from 'vitest';
import type { DirectlyQuestion } from '../../common/directly-question.ts';
import { encodeSaveQuestion } from '../../server/upstreams/directly.ts';

/** The seed's sample, verbatim. curl --data sends each value as given and joins them with &. */
const seedCurlData = [
  'text=sample question detailed description',
  'emailAddress=user@example.com',
  'fullname=Joe User',
  'helpDeskId=123456789',
  'metadata[Operating+System]=iOS+8.1',
  'metadata[Browser]=Safari',
  'metadata[Account][Creation Date]=2016-06-06 11:34:00',
  'metadata[Account][Worth]=1000000',
];

const seedQuestion: DirectlyQuestion = {
  helpDeskId: '123456789',
  subject: '',
  text: 'sample question detailed description',
  emailAddress: 'user@example.com',
  fullname: 'Joe User',
  isEliteOnly: false,
  visible: [
    ['Operating System', 'iOS 8.1'],
    ['Browser', 'Safari'],
  ],
  hidden: [
    [
      'Account',
      [
        ['Creation Date', '2016-06-06 11:34:00'],
        ['Worth', '1000000'],
      ],
    ],
  ],
};

/** What a form-decoding server (Directly's included) reads from a body. */
const decode = (body: string) => [...new URLSearchParams(body)];

describe('encodeSaveQuestion', () => {
  test('reproduces the seed sample field for field, in order', () => {
    const fromSeed = decode(seedCurlData.join('&'));
    // Guard the reading of the seed itself: "+" is a space, brackets stay literal.
    expect(fromSeed).toContainEqual(['metadata[Operating System]', 'iOS 8.1']);
    expect(decode(encodeSaveQuestion(seedQuestion).toString())).toEqual(fromSeed);
  });

  test('produces exactly this body for the seed sample', () => {
    expect(encodeSaveQuestion(seedQuestion).toString()).toBe(
      'text=sample+question+detailed+description' +
        '&emailAddress=user%40example.com' +
        '&fullname=Joe+User' +
        '&helpDeskId=123456789' +
        '&metadata%5BOperating+System%5D=iOS+8.1' +
        '&metadata%5BBrowser%5D=Safari' +
        '&metadata%5BAccount%5D%5BCreation+Date%5D=2016-06-06+11%3A34%3A00' +
        '&metadata%5BAccount%5D%5BWorth%5D=1000000',
    );
  });

  test('shows experts only top-level metadata: hidden groups are nested one level down', () => {
    const keys = decode(encodeSaveQuestion(seedQuestion).toString()).map(([k]) => k);
    const visible = keys.filter((k) => /^metadata\[[^\]]+\]$/.test(k));
    const hidden = keys.filter((k) => /^metadata\[[^\]]+\]\[[^\]]+\]$/.test(k));
    expect(visible).toEqual(['metadata[Operating System]', 'metadata[Browser]']);
    expect(hidden).toEqual(['metadata[Account][Creation Date]', 'metadata[Account][Worth]']);
  });

  test('adds subject, questionCategory and isEliteOnly=on only when set', () => {
    const full = decode(encodeSaveQuestion({ ...seedQuestion, subject: 'Sample', questionCategory: 'how-to', isEliteOnly: true }).toString());
    expect(full.slice(0, 7)).toEqual([
      ['text', 'sample question detailed description'],
      ['emailAddress', 'user@example.com'],
      ['fullname', 'Joe User'],
      ['helpDeskId', '123456789'],
      ['subject', 'Sample'],
      ['questionCategory', 'how-to'],
      ['isEliteOnly', 'on'],
    ]);
    const bare = decode(encodeSaveQuestion(seedQuestion).toString()).map(([k]) => k);
    expect(bare).not.toContain('subject');
    expect(bare).not.toContain('questionCategory');
    expect(bare).not.toContain('isEliteOnly');
  });

  test.each([
    ['form separators', 'a&b=c+d %20 100% sure'],
    ['line breaks and tabs', 'first line\nsecond\tline\n'],
    ['brackets and quotes', 'metadata[x]=y "quoted" \'single\''],
    ['non-ASCII', 'Größe: 5 €, 東京, emoji 🚀'],
  ])('keeps text with %s intact through encoding and decoding', (_name, text) => {
    const q = { ...seedQuestion, text, fullname: text, visible: [['Note', text]] as Array<[string, string]> };
    const decoded = decode(encodeSaveQuestion(q).toString());
    expect(decoded[0]).toEqual(['text', text]);
    expect(decoded[2]).toEqual(['fullname', text]);
    expect(decoded).toContainEqual(['metadata[Note]', text]);
  });
});
