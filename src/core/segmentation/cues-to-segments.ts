/**
 * Cue -> utterance segment policy (documented in README "Segmentation"):
 * 1. Cues are sorted by start; empty-text cues are dropped.
 * 2. Fragments merge: a cue joins the previous segment when both have the same speaker, the gap
 *    between them is at most `mergeGapMs` (300 ms), the previous text does not end a sentence
 *    (. ! ? … 。 ！ ？) or one of the two is shorter than `fragmentMs` (1 s), and the merged segment stays
 *    within `maxMs` (20 s). Captioners cut sentences at line length; analysts label utterances.
 *    Joined text has a space between the pieces, none where either side is Japanese (shared/text/units).
 * 3. A segment longer than `maxMs` is split at sentence ends (else at word boundaries; Intl.Segmenter
 *    finds both, in Japanese without spaces too) into parts of at most `maxMs`, times shared in
 *    proportion to the characters of each part.
 * 4. Overlapping cues of different speakers are kept as they are (cross-talk is real).
 */
import type { Cue } from '../../shared/types';
import { cutAt, endsSentence, joinText, sentenceCuts, wordCuts } from '../../shared/text/units';

export interface SegmentationPolicy {
  mergeGapMs: number;
  fragmentMs: number;
  maxMs: number;
}

export const DEFAULT_POLICY: SegmentationPolicy = { mergeGapMs: 300, fragmentMs: 1000, maxMs: 20_000 };

export interface DraftSegment {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

export function cuesToSegments(cues: Cue[], policy: SegmentationPolicy = DEFAULT_POLICY): DraftSegment[] {
  const sorted = cues
    .filter((c) => c.text.trim().length > 0 && c.endMs > c.startMs)
    .map((c) => ({ startMs: c.startMs, endMs: c.endMs, speaker: c.speaker, text: c.text.trim().replace(/\s+/g, ' ') }))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: DraftSegment[] = [];
  for (const cue of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && shouldMerge(prev, cue, policy)) {
      prev.endMs = Math.max(prev.endMs, cue.endMs);
      prev.text = joinText(prev.text, cue.text);
    } else {
      merged.push({ ...cue });
    }
  }
  return merged.flatMap((s) => splitLong(s, policy.maxMs));
}

function shouldMerge(prev: DraftSegment, cue: DraftSegment, p: SegmentationPolicy): boolean {
  if (prev.speaker !== cue.speaker) return false;
  const gap = cue.startMs - prev.endMs;
  if (gap > p.mergeGapMs || gap < -p.mergeGapMs) return false;
  if (Math.max(prev.endMs, cue.endMs) - prev.startMs > p.maxMs) return false;
  const isFragment = !endsSentence(prev.text) || prev.endMs - prev.startMs < p.fragmentMs || cue.endMs - cue.startMs < p.fragmentMs;
  return isFragment;
}

export function splitLong(seg: DraftSegment, maxMs: number): DraftSegment[] {
  const duration = seg.endMs - seg.startMs;
  if (duration <= maxMs) return [seg];
  const parts = Math.ceil(duration / maxMs);
  const pieces = chunkText(seg.text, parts);
  const totalChars = pieces.reduce((n, p) => n + p.length, 0) || 1;
  const out: DraftSegment[] = [];
  let t = seg.startMs;
  let chars = 0;
  pieces.forEach((text, i) => {
    chars += text.length;
    const end = i === pieces.length - 1 ? seg.endMs : seg.startMs + Math.round((duration * chars) / totalChars);
    if (end > t) out.push({ startMs: t, endMs: end, speaker: seg.speaker, text });
    t = end;
  });
  // No cut was found (one unsplittable unit): stop here, or the recursion below would not end.
  if (out.length <= 1) return out;
  // A piece longer than maxMs (one huge sentence, wherever it sits) is cut again at word boundaries.
  return out.flatMap((p) => (p.endMs - p.startMs > maxMs && wordCuts(p.text).length > 0 ? splitLong(p, maxMs) : [p]));
}

/**
 * Cuts text into about `parts` pieces, preferring sentence ends, else word boundaries, else even
 * runs of characters. Pieces are slices of the text, so its spacing (none in Japanese) is kept.
 */
function chunkText(text: string, parts: number): string[] {
  const atSentences = sentenceCuts(text);
  const cuts = atSentences.length + 1 >= parts ? atSentences : wordCuts(text);
  if (cuts.length === 0) {
    const size = Math.ceil(text.length / parts);
    return cutAt(text, Array.from({ length: parts - 1 }, (_, i) => (i + 1) * size).filter((o) => o < text.length));
  }
  // Greedy, as before: a unit goes to the next piece once the current one would pass half of it over the target.
  const target = text.length / parts;
  const bounds = [...cuts, text.length];
  const chosen: number[] = [];
  let pieceStart = 0;
  let unitStart = 0;
  for (const end of bounds) {
    const unit = end - unitStart;
    if (unitStart > pieceStart && unitStart - pieceStart + unit / 2 > target && chosen.length < parts - 1) {
      chosen.push(unitStart);
      pieceStart = unitStart;
    }
    unitStart = end;
  }
  return cutAt(text, chosen);
}
