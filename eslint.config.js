// Layer rule (docs/ARCHITECTURE.md): shared <- core <- {main, host, cli}; shared <- renderer.
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

/**
 * Inside core, from the bottom up: store (all SQL) <- media, formats, segmentation, features,
 * models, selfmi <- analysis <- service. An area may import its own tier and the ones below, never
 * one above; docs/ARCHITECTURE.md draws it. test-util (test support) may import anything in core.
 */
export const coreTiers = [['store'], ['media', 'formats', 'segmentation', 'features', 'models', 'selfmi'], ['analysis'], ['service']];
const coreAbove = (area) => {
  const tier = coreTiers.findIndex((t) => t.includes(area));
  return coreTiers.slice(tier + 1).flat();
};
/** no-restricted-imports does not see import(): the same limits for dynamic imports, by path segment. */
const dynamicImports = (names, message) => ({
  selector: `ImportExpression > Literal[value=/(^|\\/)(${names.join('|')})(\\/|$)/]`,
  message: `${message} (dynamic import)`,
});
const restrictCore = (area) => ({
  files: [`src/core/${area}/**/*.{ts,tsx}`],
  ignores: ['**/*.test.ts', '**/test-util/**', '**/__fixtures__/**'],
  rules: {
    'no-restricted-syntax': ['error', dynamicImports([...coreAbove(area), ...layerRules.core].map((n) => `\\.\\.\\/${n}`), `src/core/${area} may not load a layer above it`)],
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...coreAbove(area).map((up) => ({
            group: [`../${up}`, `../${up}/*`, `../../${up}/*`, `../../core/${up}/*`],
            message: `src/core/${area} may not import src/core/${up}: core's order is store <- media, formats, segmentation, features, models, selfmi <- analysis <- service (docs/ARCHITECTURE.md).`,
          })),
          ...layerRules.core.map((l) => ({ group: [`../../${l}/*`, `../../../${l}/*`], message: `src/core may not import src/${l} (docs/ARCHITECTURE.md).` })),
          { group: ['electron', 'electron/*'], message: 'src/core never imports electron.' },
        ],
      },
    ],
  },
});

const restrict = (folder, extra = []) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-syntax': ['error', dynamicImports(layerRules[folder].map((n) => `\\.\\.\\/${n}`), `src/${folder} may not load src/{${layerRules[folder].join(',')}}`)],
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...layerRules[folder].map((l) => ({
            group: layer(l).map((p) => p.replace('@/', '')).concat([`../${l}/*`, `../../${l}/*`, `../../../${l}/*`, `../${l}`, `../../${l}`]),
            message: `src/${folder} may not import src/${l} (layer rule, docs/ARCHITECTURE.md).`,
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
  restrict('shared', [
    { group: ['electron', 'react', 'better-sqlite3', 'onnxruntime-node'], message: 'src/shared is pure: no runtime-specific modules.' },
    { group: nodeBuiltins, message: 'src/shared is imported by the renderer too: no Node built-ins.' },
  ]),
  restrict('core', [{ group: ['electron', 'electron/*'], message: 'src/core never imports electron.' }]),
  // A later block for the same files replaces the rule's options, so each area's block repeats core's own limits.
  ...coreTiers.flat().map(restrictCore),
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
