#!/usr/bin/env node
// `npm start`: build if needed, then launch the Electron app; where no Electron binary can be had,
// say so and fall back to the browser host (URL printed). A first run opens the sample meeting.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const projectArg = args.indexOf('--project');
if (projectArg >= 0 && !args[projectArg + 1]) {
  console.error('attune: --project needs a folder');
  process.exit(2);
}
const project = projectArg >= 0 ? path.resolve(args[projectArg + 1]) : path.join(root, 'attune-project');
/** The other arguments (e.g. --port) go on to `attune serve`. */
const rest = projectArg >= 0 ? args.filter((_, i) => i !== projectArg && i !== projectArg + 1) : args;

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html')) || !fs.existsSync(path.join(root, 'out', 'main', 'index.js'))) {
  console.error('attune: building the app (first start)…');
  if (run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']) !== 0) process.exit(1);
}

// Which ffmpeg/ffprobe this start uses (the app and the CLI resolve them the same way): FFMPEG_PATH /
// FFPROBE_PATH, else the binaries that came with `npm ci`, else the system's. `attune doctor` says more.
try {
  const { toolsSummary } = await tsImport(path.join(root, 'src', 'core', 'media', 'ffmpeg-path.ts'), import.meta.url);
  console.error(`attune: ${toolsSummary()}`);
} catch (err) {
  console.error(`attune: could not check ffmpeg/ffprobe (${err instanceof Error ? err.message : err}); run 'npx attune doctor'`);
}

function electronBinary() {
  try {
    const p = require('electron'); // throws when the binary was never downloaded
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

let electron = electronBinary();
if (!electron && process.env.ATTUNE_NO_ELECTRON_DOWNLOAD !== '1') {
  // npm ci skips Electron's binary download (allowScripts); fetch it now, once, where the network allows.
  console.error('attune: the Electron binary is not installed; trying to download it (one time)…');
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (fs.existsSync(installer)) run(process.execPath, [installer], { timeout: 180_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  electron = electronBinary();
}

if (electron) {
  // The development binary gets the same fuses as a packaged one, less the asar-only ones.
  const fuses = spawnSync(process.execPath, [path.join(root, 'bin', 'run-ts.mjs'), path.join(root, 'scripts', 'electron-fuses.ts'), electron], { cwd: root, encoding: 'utf8' });
  if (fuses.status !== 0) console.error(`attune: could not set Electron's fuses (${(fuses.stderr || '').trim()}); starting anyway`);
  const child = spawn(electron, [root, '--project', project], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.error('attune: no Electron binary is available on this machine, so Attune opens in your browser instead.');
  // First run: import the shipped sample so the whole loop is visible at once.
  const cli = path.join(root, 'bin', 'attune.mjs');
  const probe = spawnSync(process.execPath, [cli, 'recordings', '--project', project, '--json'], { cwd: root, encoding: 'utf8' });
  const empty = probe.status !== 0 || JSON.parse(probe.stdout || '[]').length === 0;
  if (empty) {
    const sample = path.join(root, 'resources', 'sample');
    console.error('attune: first run — importing the sample meeting…');
    run(process.execPath, [cli, 'import', path.join(sample, 'meeting.mp4'), '--transcript', path.join(sample, 'meeting.vtt'), '--project', project]);
    run(process.execPath, [cli, 'analyze', '--project', project]);
  }
  const child = spawn(process.execPath, [cli, 'serve', '--project', project, ...rest], { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
