/**
 * Who is labelling in this window (issue 16): a project member's name, remembered per machine (the
 * browser profile or the app's own storage), sent with every label write. No name: the labels are
 * the 'unknown' annotator's, as they were before names existed.
 */
import { AnnotatorName } from '../../shared/contract/annotators';

const KEY = 'attune.annotator';

export function getAnnotator(): string | null {
  try {
    const v = globalThis.localStorage?.getItem(KEY) ?? null;
    return v && AnnotatorName.safeParse(v).success ? v : null;
  } catch {
    return null;
  }
}

/** Stores the name (trimmed); an empty one forgets it. Returns what is now in effect, or throws on a bad name. */
export function setAnnotator(name: string): string | null {
  const t = name.trim();
  if (!t) {
    globalThis.localStorage?.removeItem(KEY);
    return null;
  }
  const parsed = AnnotatorName.parse(t);
  globalThis.localStorage?.setItem(KEY, parsed);
  return parsed;
}

/** The field a label request carries: the name when one is set. */
export function annotatorField(): { annotator?: string } {
  const a = getAnnotator();
  return a ? { annotator: a } : {};
}
