import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): which folders of src/ a folder must not import. Enforced
 * with @typescript-eslint/no-restricted-imports, a rule separate from the purity rule below, so
 * the two never replace each other's options. Imports are relative (`../github/inputs.js`).
 */
const IMPURE = ['roles', 'runners', 'coverage', 'local', 'github', 'cli'];
const LAYERS = [
  // The pure folders import only the ones below them.
  {
    folder: 'core',
    forbid: ['formats', 'summary', 'config', 'errors', 'names', 'ports', ...IMPURE],
  },
  { folder: 'formats', forbid: ['summary', 'config', 'ports', ...IMPURE] },
  { folder: 'summary', forbid: ['config', 'ports', ...IMPURE] },
  { folder: 'config', forbid: ['formats', 'summary', 'ports', ...IMPURE] },
  // Behind one small interface each: they know nothing of who calls them.
  { folder: 'runners', forbid: ['summary', 'roles', 'coverage', 'local', 'github', 'cli'] },
  { folder: 'coverage', forbid: ['summary', 'roles', 'runners', 'local', 'github', 'cli'] },
  // The roles talk to ports only; both entries (github, cli) pass the implementations in.
  { folder: 'roles', forbid: ['local', 'github', 'cli'], actions: true },
  { folder: 'local', forbid: ['github', 'cli'], actions: true },
  { folder: 'github', forbid: ['cli'] },
  // The CLI never loads the Actions toolkit (its bundle starts without it).
  { folder: 'cli', forbid: ['github', 'index'], actions: true },
];

/** How deep below src/<folder>/ a file may sit: one block per depth (see layerBlocks). */
const MAX_DEPTH = 3;

/**
 * `forbid`: folders (or top-level modules, e.g. `index`) of src/ that `folder` must not import.
 * A file d folders below src/<folder>/ reaches src/ with exactly d + 1 `../` steps, so each depth
 * gets its own block: `./coverage.js` or `../budget.js` inside the folder never match.
 */
function layerBlocks({ folder, forbid, actions = false }) {
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const patterns = [
      {
        regex: `^(\\.\\./){${depth + 1}}(${forbid.join('|')})(\\.js)?(/|$)`,
        message: `src/${folder} must not import src/{${forbid.join(',')}}: see the layers in docs/architecture.md.`,
      },
    ];
    if (actions) {
      patterns.push({
        group: ['@actions/*'],
        message: `src/${folder} must not import the Actions toolkit: only src/github does (docs/architecture.md).`,
      });
    }
    return {
      files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
    };
  });
}

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
    // The core is pure: no I/O, no Actions toolkit, no process state (docs/architecture.md).
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
  // The top-level shared files (ports, errors, names) sit below every layer; index.ts is the
  // actions' bundle entry and may import src/github.
  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\./(${[...IMPURE, 'summary', 'config'].join('|')})(/|$)`,
              message:
                'src/ports.ts, errors.ts and names.ts import only src/core (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  ...LAYERS.flatMap(layerBlocks),
  {
    // Deeper than the layer blocks reach: keep the tree shallow, or raise MAX_DEPTH.
    files: [`src/*/${'*/'.repeat(MAX_DEPTH + 1)}**/*.ts`],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'Too deep for the layer rules: raise MAX_DEPTH.' },
      ],
    },
  },
);
