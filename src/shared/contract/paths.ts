import type { Method } from './index';

/**
 * Which request fields are file-system paths, per method, and which job kinds take a method's
 * request as their params. Electron's main process lets these through only when its own dialogs
 * produced them; one list so a new path-taking method cannot slip past that check.
 */
export const PATH_FIELDS: Partial<Record<Method, readonly string[]>> = {
  importRecording: ['mediaPath', 'transcriptPath'],
  exportLabels: ['outPath'],
  importLabels: ['path'],
};

export const JOB_REQUEST: Record<string, Method> = { import: 'importRecording', export: 'exportLabels' };

/** Every path a request names, with the field it came from (startJob included). */
export function pathsInRequest(method: string, params: unknown): { field: string; value: string }[] {
  const obj = (params ?? {}) as Record<string, unknown>;
  if (method === 'startJob') {
    const inner = JOB_REQUEST[String(obj.kind)];
    return inner ? pathsInRequest(inner, obj.params).map((p) => ({ ...p, field: `params.${p.field}` })) : [];
  }
  const fields = PATH_FIELDS[method as Method] ?? [];
  return fields.flatMap((field) => (typeof obj[field] === 'string' ? [{ field, value: obj[field] as string }] : []));
}
