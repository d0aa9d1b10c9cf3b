/**
 * The transcript's search and filters (issue 18, feature 8): text, speaker, unlabelled only, heads
 * that disagree, low confidence. One pure function decides which segments are shown; ←/→ and the
 * advance after a score follow the shown segments while a filter is on.
 */
import { disagrees, fusedUncertainty, LOW_CONFIDENCE_AT, type Head } from '../../shared/disagreement';
import { untrainedHeads } from './models';
import { currentSegments, type Label, type Prediction, type Segment, type State } from './store';

export interface SegmentFilter {
  /** Words to find in the segment's text (case and accents ignored). */
  text: string;
  /** null: every speaker; '' : segments without a speaker. */
  speaker: string | null;
  unlabelled: boolean;
  /** The trained heads' 80 % intervals are apart (as the queue's "modalities disagree"). */
  disagreement: boolean;
  /** The fused 80 % interval is wide (as the queue's "wide fused interval"). */
  lowConfidence: boolean;
}

export const NO_FILTER: SegmentFilter = { text: '', speaker: null, unlabelled: false, disagreement: false, lowConfidence: false };

export function isFiltering(f: SegmentFilter): boolean {
  return f.text.trim() !== '' || f.speaker !== null || f.unlabelled || f.disagreement || f.lowConfidence;
}

// eslint-disable-next-line no-control-regex -- plain ASCII, where lower-casing is all folding does
const ASCII = /^[\u0000-\u007f]*$/;

// Combining marks that folding drops: accents, but not Japanese voicing marks (゛゜ of が, ぱ), which
// make another word (かく "write" is not がく "study").
const DROPPED_MARKS = /(?![\u3099\u309a])\p{M}/gu;

/** Lower case without diacritics, so "resume" finds "Résumé". One char in, one char out (offsets stay valid). */
export function fold(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  return Array.from(s, (ch) => {
    const base = ch.normalize('NFD').replace(DROPPED_MARKS, '');
    const lower = base.toLowerCase();
    return lower.length === ch.length ? lower : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }).join('');
}

/** Every place `query`'s words occur in `text`, as [start, end) offsets, sorted and non-overlapping. */
export function matchRanges(text: string, query: string): [number, number][] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const hay = fold(text);
  const ranges: [number, number][] = [];
  for (const w of words) for (let i = hay.indexOf(w); i >= 0; i = hay.indexOf(w, i + w.length)) ranges.push([i, i + w.length]);
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** For matching only (offsets may shift): lower case without combining marks, cached per text. */
const folded = new Map<string, string>();
function matchFold(text: string): string {
  let f = folded.get(text);
  if (f === undefined) {
    f = ASCII.test(text) ? text.toLowerCase() : text.normalize('NFD').replace(DROPPED_MARKS, '').toLowerCase();
    if (folded.size > 50_000) folded.clear();
    folded.set(text, f);
  }
  return f;
}

/** Every word of the query is in the text (in any order). */
export function textMatches(text: string, query: string): boolean {
  const hay = matchFold(text);
  return matchFold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export interface FilterContext {
  labels: Map<string, Label>;
  predictions: Map<string, Prediction>;
  /** The active model's trained unimodal heads (an untrained head's disagreement means nothing). */
  trained: Set<Head>;
}

export function matchesFilter(seg: Segment, f: SegmentFilter, ctx: FilterContext): boolean {
  if (f.speaker !== null && (seg.speaker ?? '') !== f.speaker) return false;
  if (f.unlabelled && ctx.labels.has(seg.id)) return false;
  if (f.text.trim() !== '' && !textMatches(seg.text, f.text)) return false;
  if (f.disagreement || f.lowConfidence) {
    // Not analysed: no scores to disagree or to be unsure about.
    const p = ctx.predictions.get(seg.id);
    if (!p) return false;
    if (f.disagreement && !disagrees(p, ctx.trained)) return false;
    if (f.lowConfidence && fusedUncertainty(p) < LOW_CONFIDENCE_AT) return false;
  }
  return true;
}

export function filterSegments(segments: Segment[], f: SegmentFilter, ctx: FilterContext): Segment[] {
  return isFiltering(f) ? segments.filter((s) => matchesFilter(s, f, ctx)) : segments;
}

/** The speakers of a recording's segments, in order of first appearance ('' for none). */
export function speakersOf(segments: Segment[]): string[] {
  const seen = new Set<string>();
  for (const s of segments) seen.add(s.speaker ?? '');
  return [...seen];
}

let cache: { key: unknown[]; value: Segment[] } | null = null;

/** The current recording's segments as the transcript shows them (all of them without a filter); cached per state. */
export function visibleSegments(s: State): Segment[] {
  const segments = currentSegments(s);
  if (!isFiltering(s.filter)) return segments;
  const key = [segments, s.filter, s.labels, s.predictions, s.models];
  if (cache && cache.key.every((k, i) => k === key[i])) return cache.value;
  const untrained = untrainedHeads(s.models);
  const trained = new Set((['text', 'audio', 'video'] as const).filter((h) => !untrained.has(h)));
  const value = filterSegments(segments, s.filter, { labels: s.labels, predictions: s.predictions, trained });
  cache = { key, value };
  return value;
}
