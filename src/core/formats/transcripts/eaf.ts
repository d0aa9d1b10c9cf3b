import type { Cue } from '../../../shared/types';
import { parseEafDocument } from './eaf-doc';
import { finishCues, type RawCue } from './cues';

/** Linguistic type our EAF export gives the sentiment tier; it holds scores, not speech. */
export const EAF_SENTIMENT_TYPE = 'attune-sentiment';

/**
 * Cues from the independent (top-level) tiers: each alignable annotation is one cue, the speaker
 * is the tier's PARTICIPANT or else its id. Dependent tiers hold glosses, translations or word
 * subdivisions of those utterances, so they are not cues of their own; but when an utterance's
 * own value is empty (the "turn tier + transcription child" layout) the text of the first
 * non-empty reference annotation pointing at it is used.
 */
export function parseEaf(file: string, text: string): Cue[] {
  const doc = parseEafDocument(file, text);
  const childText = new Map<string, string>();
  for (const t of doc.tiers) {
    for (const a of t.annotations) {
      if (a.kind === 'ref' && a.ref && a.value.trim() && !childText.has(a.ref)) childText.set(a.ref, a.value);
    }
  }
  const cues: RawCue[] = [];
  for (const t of doc.tiers) {
    if (t.parent || t.type === EAF_SENTIMENT_TYPE) continue;
    for (const a of t.annotations) {
      if (a.kind !== 'alignable') continue;
      const text = a.value.trim() ? a.value : (childText.get(a.id) ?? '');
      cues.push({ startMs: a.startMs, endMs: a.endMs, speaker: t.participant ?? t.id, text, place: `annotation "${a.id}" on tier "${t.id}"` });
    }
  }
  return finishCues(file, cues);
}
