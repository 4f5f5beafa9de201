import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The boundaries of STYLE.md §B.3, as lint rules (dependency-cruiser checks the package arrows). */
const pureGlobals = ['process', 'window', 'document', 'console', 'setTimeout', 'setInterval', 'fetch', 'WebSocket'].map(
  (name) => ({ name, message: 'packages/ (topology, protocol, packets) are pure: pass IO and clocks in.' }),
);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'e2e/test-results/**', 'e2e/playwright-report/**'] },
  js.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a literal union or `as const`.' },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/**/*.test.ts', 'packages/*/scripts/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...pureGlobals,
        { name: 'Date', message: 'pure code takes time as an argument' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'child_process', 'execa', 'ws'], message: 'pure packages do no IO' }] },
      ],
    },
  },
  {
    files: ['apps/agent/**/*.ts'],
    // exec/ is the door to processes; tests look at the kernel with `ip` directly.
    ignores: [
      'apps/agent/src/exec/**',
      'apps/agent/src/testing/**',
      'apps/agent/src/**/*.int.test.ts',
      'apps/agent/build.mjs',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'execa', message: 'only src/exec/ runs processes' },
            { name: 'node:child_process', message: 'only src/exec/ runs processes' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
