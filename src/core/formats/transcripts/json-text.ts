import { InputError } from '../../../shared/errors';
import type { z } from 'zod';
import { lineAtOffset } from './decode';
import { jsonErrorOffset } from './json-locate';

/** JSON.parse with the error placed on the line where the text first goes wrong. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = jsonErrorOffset(text);
    const line = lineAtOffset(text, at);
    const truncated = at >= text.length || /end of JSON input|Unterminated/i.test(msg);
    throw new InputError(file, truncated ? `truncated JSON (${msg})` : `malformed JSON (${msg})`, line);
  }
}

/** Zod validation whose first issue becomes the message, with its JSON path. */
export function checkShape<T>(file: string, schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  throw new InputError(file, `not a ${what}: ${path ? `${path}: ` : ''}${issue.message}`);
}
