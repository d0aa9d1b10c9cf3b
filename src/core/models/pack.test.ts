import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../shared/errors';
import { defaultPackDir, forgetVerifiedPacks, loadPack, loadPackSync, type PackManifest } from './pack';

const real = defaultPackDir();
const manifest = JSON.parse(readFileSync(path.join(real, 'manifest.json'), 'utf8')) as PackManifest;
const temps: string[] = [];

/** A copy of the default pack; the 45 MB text encoder is linked, not copied, since no test alters it. */
function copyPack(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-pack-'));
  temps.push(dir);
  copyFileSync(path.join(real, 'manifest.json'), path.join(dir, 'manifest.json'));
  for (const [key, e] of Object.entries(manifest.files)) {
    if (key === 'text-encoder') symlinkSync(path.join(real, e.file), path.join(dir, e.file));
    else copyFileSync(path.join(real, e.file), path.join(dir, e.file));
  }
  return dir;
}

async function failure(dir: string): Promise<InputError> {
  forgetVerifiedPacks();
  const err = await loadPack(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  forgetVerifiedPacks();
});

describe('model pack', () => {
  it('verifies the default pack and resolves every key the features use', async () => {
    const pack = await loadPack();
    for (const key of ['text-encoder', 'tokenizer', 'tokenizer-config', 'blazeface', 'face-expression', 'silero-vad']) {
      expect(path.isAbsolute(pack.file(key))).toBe(true);
      expect(pack.file(key).startsWith(pack.dir)).toBe(true);
    }
    expect(pack.entry('text-encoder').outputs?.[0]).toMatchObject({ name: 'last_hidden_state', shape: ['batch', 'sequence', 384] });
    expect(pack.entry('face-expression').postprocessing?.labels).toHaveLength(7);
    expect(() => pack.file('no-such-model')).toThrow(/no 'no-such-model' file/);
    // Every shipped file stays well under the 95 MB a git host accepts.
    for (const e of Object.values(pack.manifest.files)) expect(e.size).toBeLessThan(95e6);
  });

  it('refuses an altered file, naming it', async () => {
    const dir = copyPack();
    const file = path.join(dir, manifest.files['face-expression'].file);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(file, bytes);
    const err = await failure(dir);
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/sha256.*altered/);
  });

  it('refuses a truncated file, naming it', async () => {
    const dir = copyPack();
    const file = path.join(dir, manifest.files['silero-vad'].file);
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    const err = await failure(dir);
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/truncated: 1000 bytes/);
  });

  it('refuses a missing file, naming it (sync loader too)', async () => {
    const dir = copyPack();
    const file = path.join(dir, manifest.files.tokenizer.file);
    rmSync(file);
    const err = await failure(dir);
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/missing/);
    expect(() => loadPackSync(dir)).toThrow(file);
  });

  it('refuses a grown file and a manifest that is not JSON', async () => {
    const dir = copyPack();
    appendFileSync(path.join(dir, manifest.files.blazeface.file), 'x');
    expect((await failure(dir)).message).toMatch(/larger than expected/);
    writeFileSync(path.join(dir, 'manifest.json'), '{"pack": ');
    const err = await failure(dir);
    expect(err.file).toBe(path.join(dir, 'manifest.json'));
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('honours ATTUNE_MODELS', () => {
    const before = process.env.ATTUNE_MODELS;
    process.env.ATTUNE_MODELS = '/somewhere/else';
    try {
      expect(defaultPackDir()).toBe('/somewhere/else');
    } finally {
      if (before === undefined) delete process.env.ATTUNE_MODELS;
      else process.env.ATTUNE_MODELS = before;
    }
  });
});
