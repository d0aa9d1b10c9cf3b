import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
});
