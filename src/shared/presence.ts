import type { ModalityScores, Prediction } from './types';

/**
 * A head's score, or null where the segment has no such modality at all (no video stream: no face
 * score, whatever the face head says about a missing input). The fused score is always there.
 */
export function headScore(p: Pick<Prediction, 'scores' | 'present'>, head: keyof ModalityScores): number | null {
  if (head === 'fused') return p.scores.fused;
  return p.present?.[head] === false ? null : p.scores[head];
}
