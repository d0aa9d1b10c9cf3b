#!/usr/bin/env node
// The `attune` command. Loads the TypeScript CLI through tsx so `npx attune` works after `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(path.join(here, '..', 'src', 'cli', 'index.ts')).href);
process.exitCode = await main(process.argv.slice(2));
