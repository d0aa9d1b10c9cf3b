import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('layer lint rule', () => {
  it('fails a renderer file that imports core or a Node module', async () => {
    expect(await lint('src/renderer/probe.ts', "import { createService } from '../core/service';\nexport const x = createService;\n")).toHaveLength(1);
    expect(await lint('src/renderer/views/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await lint('src/renderer/probe2.ts', "import { contract } from '../shared/contract';\nexport const x = contract;\n")).toHaveLength(0);
  });

  it('fails core importing electron or an adapter, and shared importing core', async () => {
    expect(await lint('src/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await lint('src/core/service/probe.ts', "import { startHost } from '../../host/server';\nexport const x = startHost;\n")).toHaveLength(1);
    expect(await lint('src/shared/probe.ts', "import { dispatch } from '../core/dispatch';\nexport const x = dispatch;\n")).toHaveLength(1);
  });

  it("keeps core's own order: store <- media, formats, features, models, selfmi <- analysis <- service", async () => {
    expect(await lint('src/core/store/probe.ts', "import { analyzeProject } from '../analysis/analyze';\nexport const x = analyzeProject;\n")).toHaveLength(1);
    expect(await lint('src/core/selfmi/probe.ts', "import type { AttuneService } from '../service';\nexport type X = AttuneService;\n")).toHaveLength(1);
    expect(await lint('src/core/analysis/probe.ts', "import { newId } from '../service/ingest';\nexport const x = newId;\n")).toHaveLength(1);
    expect(await lint('src/core/analysis/probe2.ts', "export const load = () => import('../service/export');\n")).toHaveLength(1);
    expect(await lint('src/core/media/probe.ts', "export const load = () => import('../../host/server');\n")).toHaveLength(1);
    // Down and sideways are fine.
    expect(await lint('src/core/service/probe.ts', "import { analyzeProject } from '../analysis/analyze';\nexport const x = analyzeProject;\n")).toHaveLength(0);
    expect(await lint('src/core/features/probe.ts', "import { loadPack } from '../models/pack';\nexport const x = loadPack;\n")).toHaveLength(0);
    expect(await lint('src/core/analysis/probe3.ts', "export const load = () => import('../media/extract');\n")).toHaveLength(0);
  });

  it('keeps Node built-ins out of shared, and checks dynamic imports in the outer layers too', async () => {
    expect(await lint('src/shared/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await lint('src/renderer/probe3.ts', "export const load = () => import('../core/service');\n")).toHaveLength(1);
  });
});

/** The static import graph of src/core (esbuild's, so type-only imports are not counted: the lint rule covers those). */
async function coreGraph(): Promise<Record<string, string[]>> {
  const esbuild = await import('esbuild');
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !p.includes('__fixtures__') && !p.includes('test-util')) entries.push(p);
    }
  };
  walk(path.join(root, 'src', 'core'));
  const r = await esbuild.build({ entryPoints: entries, bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outdir: path.join(root, 'out', 'graph-probe'), splitting: true, absWorkingDir: root, logLevel: 'silent' });
  const g: Record<string, string[]> = {};
  for (const [f, v] of Object.entries(r.metafile.inputs)) if (f.startsWith('src/core/')) g[f] = v.imports.filter((i) => i.path.startsWith('src/core/')).map((i) => i.path);
  return g;
}

describe('the import graph of src/core', () => {
  it('has no cycle', async () => {
    const g = await coreGraph();
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (v: string, stack: string[]) => {
      state.set(v, 'open');
      for (const w of g[v] ?? []) {
        if (state.get(w) === 'open') cycles.push([...stack.slice(stack.indexOf(w)), v, w].join(' -> '));
        else if (!state.has(w)) visit(w, [...stack, v]);
      }
      state.set(v, 'done');
    };
    for (const v of Object.keys(g)) if (!state.has(v)) visit(v, []);
    expect(cycles).toEqual([]);
  }, 120_000);
});
