// Lint: the rules that find real defects here (a promise nobody awaits, a switch that misses a case, an
// import cycle), on top of typescript-eslint's recommended type-checked set. Formatting is Prettier's.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'bench/**', 'scripts/**', 'eslint.config.js', 'vitest.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.test.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // The layering rule (docs/design.md, Playbooks): the engine and the layers below the CLI know no playbook
      // and no step; only the composition root (src/cli) picks the playbook. Shared steps know no playbook.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...['engine', 'platform', 'repair', 'diagnosis', 'evidence'].map((layer) => ({
              target: `./src/${layer}`,
              from: ['./playbooks', './steps'],
              message: 'a playbook comes in as a parameter (System.playbook), never by import',
            })),
            { target: './steps', from: './playbooks', message: 'shared steps know no playbook' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Tests read JSON documents and mock Node's own functions: `any` is the honest type there.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
