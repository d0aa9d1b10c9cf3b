/**
 * The shell's project methods (recent projects, switching) for one running host or window: the
 * receiving side validates with shared/contract/projects like dispatch does for the service's
 * methods. Switching opens the new project before closing the old one, so a project that fails to
 * open leaves the window on the one it had.
 */
import path from 'node:path';
import { listRecent, noteOpened, recentEntry } from './recent-projects';
import type { AttuneService } from './service';
import { projectsContract, type ProjectMethod } from '../shared/contract/projects';
import { AttuneError } from '../shared/errors';

export interface ProjectSwitcher {
  /** The list file (Electron: userData; the host: the config folder). */
  readonly recentFile: string;
  current(): AttuneService;
  /** Opens `dir` as the service, replacing the current one (which the switcher then closes). */
  replace(dir: string): Promise<void>;
}

export async function dispatchProjects(sw: ProjectSwitcher, method: ProjectMethod, params: unknown): Promise<unknown> {
  const spec = projectsContract[method];
  const req = spec.request.safeParse(params ?? {});
  if (!req.success) {
    const issue = req.error.issues[0];
    throw new AttuneError('USAGE', `invalid ${method} request: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (method === 'recentProjects') return spec.response.parse(listRecent(sw.recentFile, sw.current().dir));
  const { path: requested } = req.data as { path: string };
  const dir = recentEntry(sw.recentFile, requested);
  if (path.resolve(dir) !== path.resolve(sw.current().dir)) await sw.replace(dir);
  noteOpened(sw.recentFile, dir);
  return projectsContract.openProject.response.parse({ path: dir });
}
