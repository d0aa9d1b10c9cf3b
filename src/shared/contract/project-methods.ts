/**
 * The shell's own methods (recent projects), without schemas, for the sandboxed preload. They are
 * served by Electron's main process or the browser host, not by a project's service: they choose
 * which project the service is. Their schemas are in ./projects.ts.
 */
export const PROJECT_METHODS = ['recentProjects', 'openProject'] as const;
export type ProjectMethod = (typeof PROJECT_METHODS)[number];

export function isProjectMethod(m: unknown): m is ProjectMethod {
  return typeof m === 'string' && (PROJECT_METHODS as readonly string[]).includes(m);
}
