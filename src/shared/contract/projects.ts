/**
 * Recent projects (issue 18, item 15): the list main or the host keeps in the app's config folder,
 * and switching the window to one of them. A path is accepted only when it is on that list (which
 * only main's own folder dialog, the command line or the host's start add to), never as typed by a page.
 */
import { z } from 'zod';
import type { ProjectMethod } from './project-methods';

export type { ProjectMethod };

export const RecentProjectSchema = z.object({
  path: z.string(),
  /** The folder's name, as the Library shows it. */
  name: z.string(),
  openedAt: z.string(),
  /** The project this window has open now. */
  current: z.boolean(),
  /** The folder or its attune.db is gone (moved, deleted, unmounted): it cannot be opened. */
  missing: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const projectsContract = {
  recentProjects: { request: z.object({}).strict(), response: z.array(RecentProjectSchema) },
  openProject: { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: z.object({ path: z.string() }) },
} satisfies Record<ProjectMethod, { request: z.ZodType; response: z.ZodType }>;

export type ProjectReq<M extends ProjectMethod> = z.input<(typeof projectsContract)[M]['request']>;
export type ProjectRes<M extends ProjectMethod> = z.output<(typeof projectsContract)[M]['response']>;
export type ProjectsApi = { [M in ProjectMethod]: (req: ProjectReq<M>) => Promise<ProjectRes<M>> };
