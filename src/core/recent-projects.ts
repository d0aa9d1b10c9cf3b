/**
 * The recent-projects list of one installation: a small JSON file in the app's config folder
 * (Electron's userData; for the CLI's host ATTUNE_CONFIG_DIR, else $XDG_CONFIG_HOME/attune, else
 * ~/.config/attune). Main and the host add a project when they open it; the renderer only reads the
 * list and picks from it, so a page can never make the backend open a folder of its choosing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../shared/contract/projects';
import { AttuneError } from '../shared/errors';
import { DB_FILE } from './store/db';

export const RECENT_FILE = 'recent-projects.json';
/** Enough for a few studies at once; older entries drop off. */
export const MAX_RECENT = 12;

const FileSchema = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ path: z.string().min(1), openedAt: z.string() })),
});
type Entry = z.infer<typeof FileSchema>['projects'][number];

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ATTUNE_CONFIG_DIR) return path.resolve(env.ATTUNE_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || (process.platform === 'win32' ? env.APPDATA : undefined) || path.join(os.homedir(), '.config');
  return path.join(base, 'attune');
}

/**
 * The entries, newest first. A missing file is an empty list; a file that is not a list of ours
 * (hand-edited, half-written by an older build) is set aside as .bad rather than trusted or lost.
 */
export function readRecent(file: string): Entry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    return FileSchema.parse(JSON.parse(text)).projects;
  } catch {
    try {
      fs.renameSync(file, `${file}.bad`);
    } catch {}
    return [];
  }
}

/** Puts `dir` at the top of the list (written atomically: a crash leaves the old list or the new). */
export function noteOpened(file: string, dir: string, now: Date = new Date()): void {
  const abs = path.resolve(dir);
  const projects = [{ path: abs, openedAt: now.toISOString() }, ...readRecent(file).filter((e) => e.path !== abs)].slice(0, MAX_RECENT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: 1, projects }, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export function listRecent(file: string, currentDir: string): RecentProject[] {
  const current = path.resolve(currentDir);
  return readRecent(file).map((e) => ({
    path: e.path,
    name: path.basename(e.path),
    openedAt: e.openedAt,
    current: e.path === current,
    missing: !fs.existsSync(path.join(e.path, DB_FILE)),
  }));
}

/**
 * The list's own entry for `requested`, or a usage error: the only paths a window may switch to are
 * those main or the host put on the list.
 */
export function recentEntry(file: string, requested: string): string {
  const abs = path.resolve(requested);
  const hit = readRecent(file).find((e) => e.path === abs);
  if (!hit) throw new AttuneError('USAGE', `${requested} is not in the recent projects (${file}); open it once from the app's folder dialog or with 'attune serve --project ${requested}'`);
  if (!fs.existsSync(path.join(hit.path, DB_FILE))) throw new AttuneError('NOT_FOUND', `no Attune project at ${hit.path} any more (missing ${DB_FILE}): moved or deleted?`);
  return hit.path;
}
