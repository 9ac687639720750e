import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** In-page code (content script and what it imports) must never reach the API client or the token store. */
const IN_PAGE_RESTRICTIONS = {
  patterns: [
    {
      group: ['**/buildkite/*', '@/lib/buildkite/*', '**/lib/buildkite/**'],
      message: 'In-page code must not import the Buildkite API client: ask the background with askBackground().',
    },
    {
      group: [
        '**/token/vault',
        '**/token/service',
        '@/lib/token/vault',
        '@/lib/token/service',
        '**/lib/badge',
        '../badge',
        '**/vault/*',
        '@/lib/vault/*',
        'idb-keyval',
      ],
      message: 'In-page code must not touch the token store.',
    },
    {
      group: ['**/messenger', '@/lib/messenger', 'webextension-polyfill', '@webext-core/messaging'],
      message: 'In-page code uses the small askBackground() sender, not the polyfilled messenger.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
      'lib/buildkite/graphql-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'tests/*.mjs', 'tests/bench/*.mjs', '.ci/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'entrypoints/*.content/**',
      'entrypoints/*.content.*',
      'lib/features/**',
      'lib/in-page/**',
      'lib/in-page-messaging.ts',
      'lib/pages.ts',
    ],
    rules: { 'no-restricted-imports': ['error', IN_PAGE_RESTRICTIONS] },
  },
  {
    files: ['tests/**', '**/*.mjs', '*.config.ts', '*.config.js'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-implied-eval': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs', '*.config.js'], languageOptions: { globals: globals.node } },
);
