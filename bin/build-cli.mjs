// Bundles the CLI (and the training worker it starts) into out/cli with esbuild, so `attune` starts
// from one JavaScript file instead of transpiling the TypeScript tree through tsx on every call.
// Pure-JavaScript packages (zod, commander, the CSV and XML parsers) are bundled in: resolving and
// parsing zod's hundred files was most of `attune --help`'s start-up. Native, optional and heavy ones
// (EXTERNAL) stay in node_modules and load only when a command needs them.
import fs from 'node:fs';
import path from 'node:path';

export const CLI_OUT = 'out/cli';
/** Folders whose files the bundle is made of: a change in any makes it stale. */
export const CLI_SOURCES = ['src/cli', 'src/core', 'src/shared', 'src/host'];

/**
 * Loaded from node_modules, not bundled: native addons, packages that read their own files or load
 * optional ones at run time, and the big lazy ones (TF.js, the queue).
 */
export const EXTERNAL = ['better-sqlite3', 'onnxruntime-node', 'onnxruntime-common', 'onnx-proto', 'protobufjs', '@tensorflow/*', '@huggingface/tokenizers', 'bullmq', 'ioredis', '@ffmpeg-installer/*', '@ffprobe-installer/*', 'ws', 'tsx', 'esbuild', 'electron'];

/**
 * Newest modification time (ms) of any source file the bundle depends on: package.json, and the
 * installed packages' lock (npm ci and npm install rewrite it), since bundled packages are inside.
 */
export function newestSource(root) {
  let newest = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  for (const lock of ['package-lock.json', 'node_modules/.package-lock.json']) {
    const st = fs.statSync(path.join(root, lock), { throwIfNoEntry: false });
    if (st) newest = Math.max(newest, st.mtimeMs);
  }
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.includes('.test.')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of CLI_SOURCES) walk(path.join(root, d));
  return newest;
}

/** Builds into a temporary folder and renames it into place, so two first calls at once never see half a bundle. */
export async function buildCli(root) {
  const out = path.join(root, CLI_OUT);
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`;
  const started = Date.now();
  // Loaded here, not at the top: every `attune` call imports this file for cliIsFresh, and only a stale bundle needs esbuild.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/cli/index.ts', 'train-worker': 'src/core/selfmi/train-worker.ts' },
    outdir: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages (commander) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __attuneRequire } from 'node:module'; const require = __attuneRequire(import.meta.url);" },
    // Chunks keep a dynamic import() lazy: without splitting, esbuild hoists its packages (TF.js) to the top.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  // The stamp is the source time the bundle was made from (not the build's end), so an edit made
  // during the build still counts as newer.
  fs.writeFileSync(path.join(tmp, 'built-from.json'), JSON.stringify({ sourcesMtimeMs: started }));
  try {
    fs.rmSync(`${out}.old-${process.pid}`, { recursive: true, force: true });
    if (fs.existsSync(out)) fs.renameSync(out, `${out}.old-${process.pid}`);
    fs.renameSync(tmp, out);
  } catch (err) {
    // Another process put its bundle in place first: use that one.
    if (!fs.existsSync(path.join(out, 'index.mjs'))) throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(`${out}.old-${process.pid}`, { recursive: true, force: true });
  }
}

/** True when out/cli holds a bundle at least as new as every source it was made from. */
export function cliIsFresh(root) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, CLI_OUT, 'built-from.json'), 'utf8'));
    return fs.existsSync(path.join(root, CLI_OUT, 'index.mjs')) && stamp.sourcesMtimeMs >= newestSource(root);
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  await buildCli(root);
  console.error(`attune: CLI bundled into ${CLI_OUT}`);
}
