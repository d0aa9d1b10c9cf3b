#!/usr/bin/env node
// Runs a TypeScript entry point through tsx, so the CLI and scripts work right after `npm ci`
// without a build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-ts.mjs FILE.ts [args...]\n');
  process.exit(2);
}
register();
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(path.resolve(entry)).href);
