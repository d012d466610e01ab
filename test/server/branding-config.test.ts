// The admin's words on the page (APP_INTRO, APP_HELP_URL, EXPERT_NETWORK_NAME) are checked
// at start like every setting, every problem listed, and reach the page's config meta tag.
import { describe, expect, test } from 'vitest';
import { loadConfig, type ConfigResult } from '../../server/config.ts';
import { pageConfigOf } from '../../server/routes/page.ts';

const validEnv = {
  DIRECTLY_BASE_URL: 'https://acme.directly.com',
  DIRECTLY_API_TOKEN: 'directly-token-0123456789abcdef',
  DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com',
};

const problemsOf = (result: ConfigResult) => (result.ok ? [] : result.problems);

describe('branding settings', () => {
  test('unset: no intro, no help link, and the experts are "Directly’s experts"', () => {
    const result = loadConfig(validEnv);
    expect(result.ok && result.config.branding).toEqual({ intro: null, helpUrl: null, expertNetworkName: 'Directly’s experts' });
  });

  test('set: trimmed, and written into the page config', () => {
    const result = loadConfig({
      ...validEnv,
      APP_INTRO: '  Stuck? Our partner experts answer in minutes.  ',
      APP_HELP_URL: 'https://help.acme.example/ask',
      EXPERT_NETWORK_NAME: ' Acme’s expert network ',
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const branding = {
      intro: 'Stuck? Our partner experts answer in minutes.',
      helpUrl: 'https://help.acme.example/ask',
      expertNetworkName: 'Acme’s expert network',
    };
    expect(result.config.branding).toEqual(branding);
    expect(pageConfigOf(result.config).branding).toEqual(branding);
  });

  test('blank intro and help link are the same as unset', () => {
    const result = loadConfig({ ...validEnv, APP_INTRO: '   ', APP_HELP_URL: '' });
    expect(result.ok && result.config.branding).toMatchObject({ intro: null, helpUrl: null });
  });

  test.each([['javascript:alert(1)'], ['ftp://help.acme.example'], ['/help'], ['help.acme.example']])('APP_HELP_URL=%s is refused: http(s) only', (url) => {
    expect(problemsOf(loadConfig({ ...validEnv, APP_HELP_URL: url }))).toEqual([expect.stringMatching(/^APP_HELP_URL: must be an http\(s\) URL/)]);
  });

  test('every problem is listed at once, each naming its variable', () => {
    const problems = problemsOf(loadConfig({ ...validEnv, APP_INTRO: 'two\nlines', APP_HELP_URL: 'mailto:help@acme.example', EXPERT_NETWORK_NAME: ' ' }));
    expect(problems).toEqual([
      'APP_INTRO: must be one line of text',
      expect.stringMatching(/^APP_HELP_URL: must be an http\(s\) URL/),
      'EXPERT_NETWORK_NAME: must not be empty (or leave it unset for "Directly’s experts")',
    ]);
  });

  test('over-long text is refused with its limit', () => {
    const problems = problemsOf(loadConfig({ ...validEnv, APP_INTRO: 'x'.repeat(301), EXPERT_NETWORK_NAME: 'y'.repeat(61) }));
    expect(problems).toEqual(['APP_INTRO: must be at most 300 characters', 'EXPERT_NETWORK_NAME: must be at most 60 characters']);
  });
});
