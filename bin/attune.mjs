#!/usr/bin/env node
// The `attune` command. Runs the bundled CLI in out/cli (built here on first use, and again whenever
// a source is newer, in about a second); tsx on the TypeScript sources only where esbuild is missing.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out', 'cli', 'index.mjs');

async function load() {
  const { buildCli, cliIsFresh } = await import('./build-cli.mjs');
  if (process.env.ATTUNE_CLI_FROM_SOURCE !== '1') {
    try {
      if (!cliIsFresh(root)) await buildCli(root);
      return await import(pathToFileURL(bundle).href);
    } catch (err) {
      if (process.env.ATTUNE_DEBUG) process.stderr.write(`attune: bundled CLI unavailable (${err.message}); running from source\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(root, 'src', 'cli', 'index.ts')).href);
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
