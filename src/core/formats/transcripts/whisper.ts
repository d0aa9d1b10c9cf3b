import { z } from 'zod';
import type { Cue } from '../../../shared/types';
import { checkShape } from './json-text';
import { finishCues, secondsToMs, type RawCue } from './cues';

/**
 * Whisper (`--output_format json`: {text, segments, language}) and WhisperX ({segments with
 * speaker and words, word_segments}). One cue per segment, since Whisper's segments are already
 * phrase-sized; the speaker is the segment's, or the most frequent among its words (WhisperX's
 * diarisation sometimes labels only words).
 */

const Word = z.looseObject({ word: z.string(), start: z.number().optional(), end: z.number().optional(), speaker: z.string().optional() });
const Segment = z.looseObject({ start: z.number(), end: z.number(), text: z.string(), speaker: z.string().optional(), words: z.array(Word).optional() });
const Doc = z.looseObject({ segments: z.array(Segment) });
const Bare = z.array(Segment);

export type WhisperFlavour = 'whisper' | 'whisperx';

export function whisperFlavour(value: unknown): WhisperFlavour {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'word_segments' in value) return 'whisperx';
  const segs = Array.isArray(value) ? value : (value as { segments?: unknown })?.segments;
  if (Array.isArray(segs) && segs.some((s) => s && typeof s === 'object' && ('speaker' in s || hasScoredWords(s)))) return 'whisperx';
  return 'whisper';
}

function hasScoredWords(s: object): boolean {
  const w = (s as { words?: unknown }).words;
  return Array.isArray(w) && w.some((x) => x && typeof x === 'object' && ('score' in x || 'speaker' in x));
}

export function parseWhisper(file: string, value: unknown): Cue[] {
  const flavour = whisperFlavour(value);
  const what = flavour === 'whisperx' ? 'WhisperX JSON transcript' : 'Whisper JSON transcript';
  // Checked against the one shape it claims to be, so the error names the failing field.
  const bare = Array.isArray(value);
  const segments = bare ? checkShape(file, Bare, value, what) : checkShape(file, Doc, value, what).segments;
  const cues: RawCue[] = segments.map((s, i) => ({
    startMs: secondsToMs(s.start),
    endMs: secondsToMs(s.end),
    speaker: s.speaker ?? majoritySpeaker(s.words ?? []),
    text: s.text,
    place: bare ? `[${i}]` : `segments[${i}]`,
  }));
  return finishCues(file, cues);
}

function majoritySpeaker(words: { speaker?: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const w of words) if (w.speaker) counts.set(w.speaker, (counts.get(w.speaker) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}
