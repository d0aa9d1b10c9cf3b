import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_WORKERS } from '../core/selfmi/train';
// @ts-expect-error -- a plain .mjs helper of bin/, without types
import { cliIsFresh } from '../../bin/build-cli.mjs';

const root = path.resolve(__dirname, '..', '..');

describe('the bundled CLI', () => {
  it('counts as fresh only while no source is newer than the bundle', () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-fresh-'));
    fs.writeFileSync(path.join(fake, 'package.json'), '{}');
    for (const d of ['src/cli', 'src/core/x', 'src/shared', 'src/host']) fs.mkdirSync(path.join(fake, d), { recursive: true });
    const src = path.join(fake, 'src/core/x/a.ts');
    fs.writeFileSync(src, 'export {}');
    expect(cliIsFresh(fake)).toBe(false);
    fs.mkdirSync(path.join(fake, 'out/cli'), { recursive: true });
    fs.writeFileSync(path.join(fake, 'out/cli/index.mjs'), '');
    fs.writeFileSync(path.join(fake, 'out/cli/built-from.json'), JSON.stringify({ sourcesMtimeMs: Date.now() + 1000 }));
    expect(cliIsFresh(fake)).toBe(true);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(src, later, later);
    expect(cliIsFresh(fake)).toBe(false);
    fs.rmSync(fake, { recursive: true, force: true });
  });

  it('runs from out/cli, not from the sources, and gives the same answers', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), '--help'], { encoding: 'utf8', env: { ...process.env, ATTUNE_DEBUG: '1' } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/running from source/);
    expect(cliIsFresh(root)).toBe(true);
    const src = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), '--help'], { encoding: 'utf8', env: { ...process.env, ATTUNE_CLI_FROM_SOURCE: '1' } });
    expect(r.stdout).toBe(src.stdout);
  });

  it('finds the training worker from wherever the bundler put train.ts (a chunk one folder down)', () => {
    const out = path.join(root, 'out', 'cli');
    const files = [path.join(out, 'index.mjs'), ...fs.readdirSync(path.join(out, 'chunks')).filter((f) => f.endsWith('.mjs')).map((f) => path.join(out, 'chunks', f))];
    const holder = files.find((f) => fs.readFileSync(f, 'utf8').includes('worker entry not found beside the bundle'));
    expect(holder, 'the module that starts the worker is in the bundle').toBeDefined();
    expect(BUILT_WORKERS.some((c) => fs.existsSync(path.resolve(path.dirname(holder!), c)))).toBe(true);
  });
});
