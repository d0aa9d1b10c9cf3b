/**
 * Model packs: a folder with manifest.json plus the files it lists. Every file is checked against the
 * manifest's size and sha256 before anything runs it, so a missing, truncated or altered model fails with
 * an error naming the file instead of producing quietly wrong features. Verification runs once per folder
 * per process (hashing the default pack takes a fraction of a second).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../../shared/errors';

/** Keys the rest of the code base looks files up by. A pack may carry more. */
export type PackKey =
  | 'text-encoder'
  | 'tokenizer'
  | 'tokenizer-config'
  | 'blazeface'
  | 'face-expression'
  | 'silero-vad'
  | 'licenses';

const tensorSpec = z.object({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.string(), z.number()])),
});

const processing = z
  .object({ version: z.string(), description: z.string().optional(), labels: z.array(z.string()).optional() })
  .loose();

const fileEntry = z
  .object({
    file: z.string().min(1),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    source: z
      .object({ registry: z.string(), package: z.string(), version: z.string(), path: z.string().optional() })
      .optional(),
    licence: z.string().optional(),
    about: z.string().optional(),
    format: z.string().optional(),
    inputs: z.array(tensorSpec).optional(),
    outputs: z.array(tensorSpec).optional(),
    preprocessing: processing.optional(),
    postprocessing: processing.optional(),
  })
  .loose();

const manifestSchema = z
  .object({
    pack: z.string(),
    manifestVersion: z.literal(1),
    files: z.record(z.string(), fileEntry),
  })
  .loose();

export type PackFileEntry = z.infer<typeof fileEntry>;
export type PackManifest = z.infer<typeof manifestSchema>;
export type TensorSpec = z.infer<typeof tensorSpec>;

export interface ModelPack {
  /** Absolute folder of the pack. */
  readonly dir: string;
  readonly manifest: PackManifest;
  /** Absolute path of the file stored under `key`; throws InputError naming manifest.json if the pack lacks it. */
  file(key: PackKey | string): string;
  /** The manifest entry for `key` (sizes, hashes, io spec, processing versions). */
  entry(key: PackKey | string): PackFileEntry;
}

/**
 * The default pack's folder: env ATTUNE_MODELS (a pack folder holding manifest.json) if set, else the
 * nearest `models/default` above this module, which finds the repository's pack both from the sources and from a
 * bundled build under out/.
 */
export function defaultPackDir(): string {
  const fromEnv = process.env.ATTUNE_MODELS;
  if (fromEnv) return path.resolve(fromEnv);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'models', 'default');
    if (existsSync(path.join(candidate, 'manifest.json'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Nothing found: name where the repository's pack should be, so the error from loadPack is useful.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'default');
}

const verified = new Map<string, ModelPack>();
const inFlight = new Map<string, Promise<ModelPack>>();

/** Reads and verifies a pack (once per folder per process). */
export function loadPack(dir: string = defaultPackDir()): Promise<ModelPack> {
  const abs = path.resolve(dir);
  const done = verified.get(abs);
  if (done) return Promise.resolve(done);
  let p = inFlight.get(abs);
  if (!p) {
    p = (async () => {
      const manifest = readManifest(abs);
      for (const entry of Object.values(manifest.files)) {
        const file = checkSize(abs, entry);
        if ((await sha256File(file)) !== entry.sha256) throw altered(file, entry);
      }
      return remember(abs, manifest);
    })();
    inFlight.set(abs, p);
    p.then(
      () => inFlight.delete(abs),
      () => inFlight.delete(abs),
    );
  }
  return p;
}

/** Same as loadPack for callers that cannot await (blocks for the hashing the first time). */
export function loadPackSync(dir: string = defaultPackDir()): ModelPack {
  const abs = path.resolve(dir);
  const done = verified.get(abs);
  if (done) return done;
  const manifest = readManifest(abs);
  for (const entry of Object.values(manifest.files)) {
    const file = checkSize(abs, entry);
    if (createHash('sha256').update(readFileSync(file)).digest('hex') !== entry.sha256) throw altered(file, entry);
  }
  return remember(abs, manifest);
}

/** Forget verified packs, so a changed folder is checked again (tests, or after regenerating a pack). */
export function forgetVerifiedPacks(): void {
  verified.clear();
}

function remember(dir: string, manifest: PackManifest): ModelPack {
  const manifestFile = path.join(dir, 'manifest.json');
  const entry = (key: string): PackFileEntry => {
    const e = manifest.files[key];
    if (!e) {
      throw new InputError(manifestFile, `model pack has no '${key}' file (it lists: ${Object.keys(manifest.files).join(', ')})`);
    }
    return e;
  };
  const pack: ModelPack = {
    dir,
    manifest,
    entry,
    file: (key) => path.join(dir, entry(key).file),
  };
  verified.set(dir, pack);
  return pack;
}

function readManifest(dir: string): PackManifest {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, `model pack manifest is missing (looked in ${dir}; set ATTUNE_MODELS to a pack folder)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `model pack manifest is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(file, `model pack manifest is malformed at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  for (const [key, e] of Object.entries(parsed.data.files)) {
    // A manifest must not point outside its own folder.
    if (path.isAbsolute(e.file) || e.file.split(/[\\/]/).includes('..')) {
      throw new InputError(file, `model pack entry '${key}' names a file outside the pack: ${e.file}`);
    }
  }
  return parsed.data;
}

function checkSize(dir: string, entry: PackFileEntry): string {
  const file = path.join(dir, entry.file);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, `model file is missing (listed in ${path.join(dir, 'manifest.json')}); regenerate the pack with bash scripts/models/build-pack.sh`);
  }
  if (size !== entry.size) {
    const how = size < entry.size ? 'truncated' : 'larger than expected';
    throw new InputError(file, `model file is ${how}: ${size} bytes, the manifest says ${entry.size}`);
  }
  return file;
}

function altered(file: string, entry: PackFileEntry): InputError {
  return new InputError(file, `model file does not match its manifest sha256 (${entry.sha256.slice(0, 12)}…): altered or corrupt`);
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
