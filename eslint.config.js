// ESLint flat config: typescript-eslint's recommended rules, no import cycles, and the boundaries between the
// layers (api/ and web/ are peer adapters over services/; the web writes no SQL; activities and services reach
// workflows only through their contract). `npm run lint` runs it with --max-warnings 0, then Prettier.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Workflow modules anyone outside workflows/ may import: ids, message definitions and the typed contract.
// Anything else there is a workflow implementation, bundled for the sandbox and not a library.
const WORKFLOW_CONTRACT = ['./contract.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.tools/',
      '.data/',
      '.schemathesis/',
      'bench/results/',
      'test/histories/*.json',
      'test/browser/artifacts/',
      'test-artifacts/',
      'coverage/',
      'dist/',
      'scratch/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      // import-x/no-cycle skips type-only imports by design; the zones below keep the type-level layering too.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './api', from: './web', message: 'api/ and web/ are peer adapters: share code through services/.' },
            { target: './web', from: './api', message: 'api/ and web/ are peer adapters: share code through services/.' },
            { target: './web', from: './db', message: 'The web writes no SQL: read and write through services/.' },
            {
              target: ['./activities', './services', './api', './web'],
              from: './workflows',
              except: WORKFLOW_CONTRACT,
              message: 'Import workflow inputs and messages from workflows/contract.ts, not from a workflow implementation.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'postgres', message: 'The web writes no SQL: read and write through services/.' }] },
      ],
    },
  },
  {
    // Who may run what is the core's (services/use-cases.ts, services/actions.ts); adapters only ask it.
    files: ['api/**', 'web/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "BinaryExpression[left.property.name='role'][right.value=/^(admin|coordinator)$/]",
          "BinaryExpression[right.property.name='role'][left.value=/^(admin|coordinator)$/]",
          "CallExpression[callee.property.name='includes'][arguments.0.property.name='role']",
        ].map((selector) => ({
          selector,
          message: 'Ask the core who may run a use case (mayRun/authorize in services/use-cases.ts), not a role list here.',
        })),
      ],
    },
  },
  {
    // Tests and benchmarks read JSON answers whose shapes the assertions check.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
