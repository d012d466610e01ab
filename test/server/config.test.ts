// The proxy's configuration is parsed once at start; anything wrong stops startup with a
// list an administrator can act on: one line per problem, each naming its variable.
import { describe, expect, test } from 'vitest';
import { defaultExpertMapping } from '../../common/expert-mapping.ts';
import { loadConfig, type ConfigResult } from '../../server/config.ts';

const TOKEN = 'directly-token-0123456789abcdef';

const validEnv = {
  DIRECTLY_BASE_URL: 'https://acme.directly.com',
  DIRECTLY_API_TOKEN: TOKEN,
  DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com',
};

const noFile = (path: string): string => {
  throw new Error(`no file expected, asked for ${path}`);
};

const mappingFile = (contents: string) => (path: string) => {
  expect(path).toBe('/etc/proxy/mapping.json');
  return contents;
};

function problemsOf(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected the configuration to be refused');
  expect(result).not.toHaveProperty('config');
  return result.problems;
}

/** Each problem is one readable line that starts with the variable it is about. */
function expectProblemsFor(problems: string[], variables: string[]) {
  for (const p of problems) {
    expect(typeof p).toBe('string');
    expect(p).not.toMatch(/\[object Object\]|undefined/);
    expect(p).toMatch(/^[A-Z_]+[ :].*\w/);
  }
  const named = problems.map((p) => /^([A-Z_]+)/.exec(p)![1]);
  expect([...new Set(named)].sort()).toEqual([...variables].sort());
}

describe('loadConfig refuses', () => {
  test('a webhook secret shared by several DeskDirector instances (only the body is signed, not the host)', () => {
    const env = {
      ...validEnv,
      DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com,https://other.deskdirector.com',
      DESKDIRECTOR_WEBHOOK_SECRET: 'whsec-0123456789',
    };
    const problems = problemsOf(loadConfig(env, noFile));
    expectProblemsFor(problems, ['DESKDIRECTOR_WEBHOOK_SECRET']);
    expect(problems[0]).not.toContain('whsec-0123456789');
    expect(loadConfig({ ...env, DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com' }, noFile).ok).toBe(true);
  });

  test('a missing DIRECTLY_API_TOKEN', () => {
    const { DIRECTLY_API_TOKEN: _, ...env } = validEnv;
    const problems = problemsOf(loadConfig(env, noFile));
    expectProblemsFor(problems, ['DIRECTLY_API_TOKEN']);
    expect(problems[0]).toMatch(/required/);
  });

  test('a DIRECTLY_API_TOKEN too short to be real, without echoing it', () => {
    const problems = problemsOf(loadConfig({ ...validEnv, DIRECTLY_API_TOKEN: 'abc123' }, noFile));
    expectProblemsFor(problems, ['DIRECTLY_API_TOKEN']);
    expect(problems.join('\n')).not.toContain('abc123');
  });

  test.each([['not a url'], ['acme.directly.com'], ['ftp://acme.directly.com'], ['https://user:pw@acme.directly.com']])('DIRECTLY_BASE_URL=%s', (url) => {
    const problems = problemsOf(loadConfig({ ...validEnv, DIRECTLY_BASE_URL: url }, noFile));
    expectProblemsFor(problems, ['DIRECTLY_BASE_URL']);
    expect(problems[0]).toMatch(/http\(s\) URL/);
  });

  test.each([[''], [' , ,']])('an empty DESKDIRECTOR_HOSTS (%j)', (hosts) => {
    const problems = problemsOf(loadConfig({ ...validEnv, DESKDIRECTOR_HOSTS: hosts }, noFile));
    expectProblemsFor(problems, ['DESKDIRECTOR_HOSTS']);
    expect(problems[0]).toMatch(/at least one/);
  });

  test('a DESKDIRECTOR_HOSTS entry that is not a URL, naming the entry', () => {
    const problems = problemsOf(loadConfig({ ...validEnv, DESKDIRECTOR_HOSTS: 'https://ok.deskdirector.com, acme.deskdirector.com' }, noFile));
    expectProblemsFor(problems, ['DESKDIRECTOR_HOSTS']);
    expect(problems[0]).toContain('"acme.deskdirector.com"');
  });

  test.each([['abc'], ['0'], ['70000'], ['80.5']])('PORT=%s', (port) => {
    expectProblemsFor(problemsOf(loadConfig({ ...validEnv, PORT: port }, noFile)), ['PORT']);
  });

  test('several problems at once, all listed, each naming its variable', () => {
    const problems = problemsOf(loadConfig({ DIRECTLY_BASE_URL: 'nope', DESKDIRECTOR_HOSTS: '', PORT: 'abc', DIRECTLY_TIMEOUT_MS: '5' }, noFile));
    expectProblemsFor(problems, ['DIRECTLY_BASE_URL', 'DIRECTLY_API_TOKEN', 'DESKDIRECTOR_HOSTS', 'PORT', 'DIRECTLY_TIMEOUT_MS']);
  });

  test('an empty environment lists every required variable', () => {
    expectProblemsFor(problemsOf(loadConfig({}, noFile)), ['DIRECTLY_BASE_URL', 'DIRECTLY_API_TOKEN', 'DESKDIRECTOR_HOSTS']);
  });

  describe('EXPERT_MAPPING_FILE', () => {
    const withFile = { ...validEnv, EXPERT_MAPPING_FILE: '/etc/proxy/mapping.json' };

    test('that is not JSON, naming the file', () => {
      const problems = problemsOf(loadConfig(withFile, mappingFile('{ visible: {Category: "type"} ')));
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems[0]).toContain('/etc/proxy/mapping.json');
    });

    test('that cannot be read', () => {
      const problems = problemsOf(
        loadConfig(withFile, () => {
          throw new Error('ENOENT: no such file or directory');
        }),
      );
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems[0]).toContain('ENOENT');
    });

    test('with an unknown field, naming it', () => {
      const file = JSON.stringify({ ...defaultExpertMapping, visibel: { Category: 'type' } });
      const problems = problemsOf(loadConfig(withFile, mappingFile(file)));
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems.join('\n')).toContain('visibel');
    });

    test('with an unknown field in a rule condition', () => {
      const file = JSON.stringify({ ...defaultExpertMapping, rules: [{ when: { boardName: 'Help Desk' }, questionCategory: 'x' }] });
      const problems = problemsOf(loadConfig(withFile, mappingFile(file)));
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems.join('\n')).toContain('boardName');
    });

    test('with a value that is not a ticket field', () => {
      const file = JSON.stringify({ ...defaultExpertMapping, visible: { Category: 'password' } });
      const problems = problemsOf(loadConfig(withFile, mappingFile(file)));
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems[0]).toContain('visible.Category');
    });

    test.each([
      ['a visible key', { visible: { 'OS[x]': 'type' }, hidden: {} }, 'OS[x]'],
      ['a hidden group', { visible: {}, hidden: { 'Acc]ount': { Worth: 'id' } } }, 'Acc]ount'],
      ['a key inside a hidden group', { visible: {}, hidden: { Account: { 'Wor[th': 'id' } } }, 'Wor[th'],
    ])('with a bracket in %s, naming the key', (_name, mapping, key) => {
      const problems = problemsOf(loadConfig(withFile, mappingFile(JSON.stringify(mapping))));
      expectProblemsFor(problems, ['EXPERT_MAPPING_FILE']);
      expect(problems.join('\n')).toContain(key);
    });

    // The schema's own reason ("must not contain [ or ]") is what tells the admin how to
    // fix it, not a generic "invalid key".
    test('with a bracket in a key, saying why', () => {
      const problems = problemsOf(loadConfig(withFile, mappingFile(JSON.stringify({ visible: { 'OS[x]': 'type' }, hidden: {} }))));
      expect(problems.join('\n')).toMatch(/must not contain \[ or \]/);
    });

    test('together with environment problems: both are listed', () => {
      const problems = problemsOf(loadConfig({ ...withFile, PORT: 'abc' }, mappingFile('nope')));
      expectProblemsFor(problems, ['PORT', 'EXPERT_MAPPING_FILE']);
    });
  });
});

describe('loadConfig accepts', () => {
  test('a minimal environment among unrelated variables, with defaults filled in and URLs reduced to origins', () => {
    const result = loadConfig(
      {
        HOME: '/root',
        PATH: '/usr/bin',
        NODE_ENV: 'production',
        ...validEnv,
        DIRECTLY_BASE_URL: 'https://acme.directly.com/',
        DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com/ , https://Help.MSP.example',
      },
      noFile,
    );
    expect(result.ok).toBe(true);
    // toMatchObject: settings added later may appear beside these.
    expect(result).toMatchObject({
      config: {
        directlyBaseUrl: 'https://acme.directly.com',
        directlyApiToken: TOKEN,
        deskDirectorHosts: ['https://acme.deskdirector.com', 'https://help.msp.example'],
        portalOrigins: ['https://acme.deskdirector.com', 'https://help.msp.example'],
        port: 8080,
        mapping: defaultExpertMapping,
        dataDir: 'data/escalations',
        directlyTimeoutMs: 15_000,
        deskDirectorTimeoutMs: 10_000,
      },
    });
    expect(result.ok && result.config).not.toHaveProperty('databaseUrl');
    expect(result.ok && result.config).not.toHaveProperty('staticDir');
  });

  test('every setting given, the mapping read from its file', () => {
    const mapping = {
      visible: { 'Operating System': 'type' },
      hidden: { Account: { 'Creation Date': 'createdOn' } },
      rules: [{ when: { board: 'Projects' }, questionCategory: 'projects', isEliteOnly: true }],
    };
    const result = loadConfig(
      {
        ...validEnv,
        DESKDIRECTOR_PORTAL_ORIGINS: 'https://portal.msp.example',
        PORT: '3000',
        EXPERT_MAPPING_FILE: '/etc/proxy/mapping.json',
        DATA_DIR: '/var/lib/proxy',
        DATABASE_URL: 'postgres://db/proxy',
        DIRECTLY_TIMEOUT_MS: '5000',
        DESKDIRECTOR_TIMEOUT_MS: '4000',
        STATIC_DIR: '/srv/app',
      },
      mappingFile(JSON.stringify(mapping)),
    );
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config).toMatchObject({
      portalOrigins: ['https://portal.msp.example'],
      port: 3000,
      dataDir: '/var/lib/proxy',
      databaseUrl: 'postgres://db/proxy',
      directlyTimeoutMs: 5000,
      deskDirectorTimeoutMs: 4000,
      staticDir: '/srv/app',
      mapping: { ...mapping, defaults: { isEliteOnly: false } },
    });
  });
});
