import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'build/', 'coverage/', 'examples/', '__tests__/fixtures/'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The core is pure: no I/O, no Actions toolkit, no process state (design.md, layer 1).
    files: ['src/core/**/*.ts', 'src/formats/**/*.ts', 'src/summary/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'core and formats are pure: no @actions imports.' },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'fs',
                'node:child_process',
                'node:net',
                'node:http',
                'node:https',
              ],
              message: 'core and formats do no I/O.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
