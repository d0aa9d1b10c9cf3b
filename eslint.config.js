// Layer rule (DESIGN.md §1): shared <- core <- {main, host, cli}; shared <- renderer.
// Enforced with no-restricted-imports per folder so a violation fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (name) => [`**/${name}/**`, `**/${name}`, `@/${name}/**`];

/** Patterns a folder may not import, as no-restricted-imports `patterns` groups. */
export const layerRules = {
  shared: ['core', 'main', 'preload', 'renderer', 'host', 'cli'],
  core: ['main', 'preload', 'renderer', 'host', 'cli'],
  renderer: ['core', 'main', 'preload', 'host', 'cli'],
  preload: ['core', 'main', 'renderer', 'host', 'cli'],
  main: ['renderer', 'host', 'cli', 'preload'],
  host: ['renderer', 'main', 'cli', 'preload'],
  cli: ['renderer', 'main', 'preload'],
};

const restrict = (folder, extra = []) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...layerRules[folder].map((l) => ({
            group: layer(l).map((p) => p.replace('@/', '')).concat([`../${l}/*`, `../../${l}/*`, `../../../${l}/*`, `../${l}`, `../../${l}`]),
            message: `src/${folder} may not import src/${l} (layer rule, DESIGN.md §1).`,
          })),
          ...extra,
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'models/**', 'resources/**', 'test-results/**', 'playwright-report/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  restrict('shared', [{ group: ['electron', 'react', 'better-sqlite3', 'onnxruntime-node'], message: 'src/shared is pure: no runtime-specific modules.' }]),
  restrict('core', [{ group: ['electron', 'electron/*'], message: 'src/core never imports electron.' }]),
  {
    ...restrict('renderer', [
      { group: nodeBuiltins, message: 'The renderer has no Node access; use the contract.' },
      { group: ['electron', 'better-sqlite3', 'onnxruntime-node', 'ws', 'fluent-ffmpeg', '@tensorflow/*'], message: 'The renderer may import only src/shared and browser libraries.' },
    ]),
  },
  restrict('preload', [{ group: nodeBuiltins.filter((m) => !m.includes('electron')), message: 'preload exposes the contract only.' }]),
  restrict('main'),
  restrict('host', [{ group: ['electron'], message: 'the browser host never imports electron.' }]),
  restrict('cli', [{ group: ['electron'], message: 'the CLI never imports electron.' }]),
);
