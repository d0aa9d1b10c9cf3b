/**
 * Format-2 models report confidence as the probability that the truth has the fused score's sign
 * under the fused predictive interval (src/shared/uncertainty.ts `polarityConfidence`); this file's
 * agreement heuristic is what format-1 files (tuned before spreads existed) still report.
 *
 * Confidence of a prediction: how well the trained unimodal heads agree with the fused head,
 * exp(−mean_s |ŷ_s − ŷ_m|) over trained s. 1 when they agree exactly, ~0.37 when they are one
 * point apart on the [-3, 3] scale on average. A heuristic, not a calibrated probability: it flags
 * segments where the modalities tell different stories. An untrained head gets confidence 0 and
 * takes no part; with no trained unimodal head the fused score cannot be cross-checked, so 0.5.
 */
import { MODALITIES, type Head, type Modality } from './config';

export type HeadScores = Record<Head, number>;

export function predictionConfidence(scores: HeadScores, trained: Record<Head, boolean>): number {
  if (!trained.fused) return 0;
  const used = MODALITIES.filter((m) => trained[m]);
  if (used.length === 0) return 0.5;
  const gap = used.reduce((s, m) => s + Math.abs(scores[m] - scores.fused), 0) / used.length;
  return Math.exp(-gap);
}

export function headConfidence(scores: HeadScores, trained: Record<Head, boolean>): Record<Head, number> {
  const out = { fused: predictionConfidence(scores, trained) } as Record<Head, number>;
  for (const m of MODALITIES as readonly Modality[]) out[m] = trained[m] ? Math.exp(-Math.abs(scores[m] - scores.fused)) : 0;
  return out;
}

export const CONFIDENCE_RULE =
  'exp(-mean |score_s - score_fused|) over trained unimodal heads s; untrained heads get 0 and are ignored; 0.5 when no unimodal head is trained';

export const POLARITY_CONFIDENCE_RULE =
  'P(sign of the truth = sign of the fused score) under N(fused score, fused sd^2), i.e. Phi(|score| / sd); per head the same with that head\'s spread; 0 for a head without a spread';
