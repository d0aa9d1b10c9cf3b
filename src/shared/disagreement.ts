/**
 * How much a segment's trained modality heads disagree and how uncertain its fused score is: one
 * definition for the label queue (core/service/queue.ts) and the transcript's filters (renderer).
 */
import { headScore } from './presence';
import type { Prediction } from './types';
import { Z80 } from './uncertainty';

export type Head = 'text' | 'audio' | 'video';
const HEADS: Head[] = ['text', 'audio', 'video'];

/**
 * The largest gap between two heads: with spreads (format-2 models) the gap between their 80 %
 * intervals (a difference inside the spread is no disagreement; a head without a spread, e.g. its
 * modality absent, is left out), without spreads the raw difference. `pair` names the two heads.
 */
export function headDisagreement(p: Pick<Prediction, 'scores' | 'spread' | 'present'>, trained: Set<Head>): { gap: number; pair: [Head, Head] | null; hasSpread: boolean } {
  const hasSpread = p.spread.fused !== null;
  const heads = HEADS.filter((h) => trained.has(h) && headScore(p, h) !== null && (!hasSpread || p.spread[h] !== null));
  const half = (h: Head) => (hasSpread ? Z80 * (p.spread[h] ?? 0) : 0);
  let gap = 0;
  let pair: [Head, Head] | null = null;
  for (let i = 0; i < heads.length; i++)
    for (let j = i + 1; j < heads.length; j++) {
      const [a, b] = [heads[i], heads[j]];
      const d = Math.abs(p.scores[a] - p.scores[b]) - half(a) - half(b);
      if (d > gap) {
        gap = d;
        pair = [a, b];
      }
    }
  return { gap, pair, hasSpread };
}

/** The heads disagree: 80 % intervals apart (with spreads), or more than 1 point apart (without). */
export function disagrees(p: Pick<Prediction, 'scores' | 'spread' | 'present'>, trained: Set<Head>): boolean {
  const d = headDisagreement(p, trained);
  return d.gap > (d.hasSpread ? 0 : 1);
}

/** The fused score's uncertainty in 0..1: its 80 % interval's width over the scale's (6), or 1 - confidence without spreads. */
export function fusedUncertainty(p: Pick<Prediction, 'spread' | 'confidence'>): number {
  return p.spread.fused !== null ? Math.min(1, (2 * Z80 * p.spread.fused) / 6) : 1 - Math.max(0, Math.min(1, p.confidence));
}

/** At or above this uncertainty the queue says "wide fused interval" and the "low confidence" filter keeps the segment. */
export const LOW_CONFIDENCE_AT = 0.4;
