// A gate, not a style guide: Prettier owns layout, tsc owns types. These catch the bugs
// neither does (hooks called conditionally, unstable query keys, floating promises).
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'test-results/', 'docs/screenshots/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginQuery.configs['flat/recommended'],
  {
    // Not the tests: their use* helpers (useUpstreams, useProxy) are vitest hooks, not React's.
    files: ['src/**/*.{ts,tsx}', 'scripts/bench/floor/**/*.tsx'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // A missing dependency is a stale closure: fail, do not warn.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `import { type X }` still loads the module (verbatimModuleSyntax), and a module's side effects ride into the page's bundle.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // The config files and one-off scripts at the top level run in Node as plain JS.
    files: ['*.js', '*.mjs', '*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
