/**
 * The model's view in an export (issue 18, feature 12): per segment, the active version's fused
 * and per-head scores with their spread and 80 % interval, and the sign confidence. A head whose
 * modality the segment does not have (no video: no face) or that has no spread gives empty cells.
 */
import { headScore } from '../../../shared/presence';
import type { Prediction } from '../../../shared/types';
import { interval } from '../../../shared/uncertainty';

/** As exports name them: voice and face, not audio and video. */
export const SCORE_HEADS = [
  ['fused', 'fused'],
  ['text', 'text'],
  ['voice', 'audio'],
  ['face', 'video'],
] as const;

export interface HeadScore {
  score: number;
  /** sd of the head's predictive distribution; null where it has none. */
  sd: number | null;
  /** The 80 % interval, clipped to −3…+3; null without a spread. */
  lo80: number | null;
  hi80: number | null;
}

export interface SegmentScores {
  modelVersion: string;
  confidence: number;
  heads: Record<(typeof SCORE_HEADS)[number][0], HeadScore | null>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function segmentScores(p: Prediction): SegmentScores {
  const heads = {} as SegmentScores['heads'];
  for (const [name, key] of SCORE_HEADS) {
    const score = headScore(p, key);
    if (score === null || !Number.isFinite(score)) {
      heads[name] = null;
      continue;
    }
    const sd = p.spread[key];
    const ivl = sd !== null && Number.isFinite(sd) ? interval(score, sd) : null;
    heads[name] = { score: round(score), sd: sd !== null && Number.isFinite(sd) ? round(sd) : null, lo80: ivl ? round(ivl[0]) : null, hi80: ivl ? round(ivl[1]) : null };
  }
  return { modelVersion: p.modelVersion, confidence: round(p.confidence), heads };
}

/** CSV columns after the label's: model_version, then per head score, sd, lo80, hi80, then confidence. */
export const SCORE_COLUMNS = ['model_version', ...SCORE_HEADS.flatMap(([h]) => [h, `${h}_sd`, `${h}_lo80`, `${h}_hi80`]), 'confidence'];

export function scoreCells(p: Prediction | undefined): string[] {
  if (!p) return SCORE_COLUMNS.map(() => '');
  const s = segmentScores(p);
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  return [s.modelVersion, ...SCORE_HEADS.flatMap(([h]) => [n(s.heads[h]?.score), n(s.heads[h]?.sd), n(s.heads[h]?.lo80), n(s.heads[h]?.hi80)]), n(s.confidence)];
}
