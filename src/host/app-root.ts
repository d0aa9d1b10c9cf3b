import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttuneError } from '../shared/errors';

/**
 * The application folder (the one with Attune's package.json) above this module, whether it runs
 * from src/host (sources) or from a bundle under out/ (out/cli, out/main).
 */
export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'attune') return dir;
      } catch {}
    }
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(from), '..', '..');
    dir = up;
  }
}

/** Builds the renderer (as `npm start` does) when it is missing, so `attune serve` never answers 503 after `npm ci`. */
export function ensureRendererBuilt(rendererDir: string, root: string = appRoot(), log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): void {
  if (fs.existsSync(path.join(rendererDir, 'index.html'))) return;
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!fs.existsSync(cli)) throw new AttuneError('NO_TOOL', `the workbench is not built (${rendererDir} is missing) and electron-vite is not installed to build it; run 'npm ci' then 'npm run build'`);
  log('attune: building the workbench (first start, about a minute)…');
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !fs.existsSync(path.join(rendererDir, 'index.html'))) throw new AttuneError('INTERNAL', `building the workbench failed (electron-vite build exited ${r.status}); run 'npm run build' to see why`);
}
