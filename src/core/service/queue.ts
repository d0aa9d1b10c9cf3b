/**
 * Which unlabelled segments are most worth labelling next: where the trained modality heads
 * disagree with each other and where the model is least confident. Each item says why.
 */
import type { Prediction, Segment } from '../../shared/types';
import { headScore } from '../../shared/presence';
import { formatInterval, Z80 } from '../../shared/uncertainty';

export interface QueueItem {
  segmentId: string;
  priority: number;
  reason: string;
}

const fmt = (x: number) => (x >= 0 ? `+${x.toFixed(1)}` : x.toFixed(1));
const fmtIvl = (score: number, sd: number) => `${fmt(score)} ${formatInterval(score, sd, fmt)}`;

export function rankQueue(segments: Segment[], labelled: Set<string>, predictions: Map<string, Prediction>, trainedHeads: Set<'text' | 'audio' | 'video'>, limit: number): QueueItem[] {
  const items: QueueItem[] = [];
  for (const seg of segments) {
    if (labelled.has(seg.id)) continue;
    const p = predictions.get(seg.id);
    if (!p) {
      // Not analysed yet: prefer longer utterances with text (more evidence per label).
      const secs = (seg.endMs - seg.startMs) / 1000;
      items.push({ segmentId: seg.id, priority: Math.min(1, secs / 20) * 0.1, reason: 'not analysed yet' });
      continue;
    }
    // With spreads (format-2 models), a head whose modality was absent has none and is left out, and
    // two heads disagree only by the gap between their 80 % intervals: a difference inside the spread
    // is no disagreement. Without spreads (older versions), by the raw difference.
    const hasSpread = p.spread.fused !== null;
    const heads = (['text', 'audio', 'video'] as const).filter((h) => trainedHeads.has(h) && headScore(p, h) !== null && (!hasSpread || p.spread[h] !== null));
    const half = (h: 'text' | 'audio' | 'video') => (hasSpread ? Z80 * (p.spread[h] ?? 0) : 0);
    let disagreement = 0;
    let pair = '';
    for (let i = 0; i < heads.length; i++)
      for (let j = i + 1; j < heads.length; j++) {
        const [a, b] = [heads[i], heads[j]];
        const d = Math.abs(p.scores[a] - p.scores[b]) - half(a) - half(b);
        if (d > disagreement) {
          disagreement = d;
          pair = hasSpread ? `${a} ${fmtIvl(p.scores[a], p.spread[a]!)} vs ${b} ${fmtIvl(p.scores[b], p.spread[b]!)}` : `${a} ${fmt(p.scores[a])} vs ${b} ${fmt(p.scores[b])}`;
        }
      }
    // Uncertainty: the fused 80 % interval's width over the scale's (6), or 1 - confidence without spreads.
    const uncertainty = hasSpread ? Math.min(1, (2 * Z80 * p.spread.fused!) / 6) : 1 - Math.max(0, Math.min(1, p.confidence));
    const nearZero = 1 - Math.min(1, Math.abs(p.scores.fused) / 1.5);
    const priority = disagreement / 6 + 0.6 * uncertainty + 0.3 * nearZero;
    const reasons: string[] = [];
    if (disagreement > (hasSpread ? 0 : 1)) reasons.push(`modalities disagree (${pair}${hasSpread ? ', 80 % intervals apart' : ''})`);
    if (uncertainty >= 0.4) reasons.push(hasSpread ? `wide fused interval ${fmtIvl(p.scores.fused, p.spread.fused!)}` : `low confidence ${p.confidence.toFixed(2)}`);
    if (nearZero >= 0.6) reasons.push(`fused score ${fmt(p.scores.fused)} near the positive/negative boundary`);
    items.push({ segmentId: seg.id, priority, reason: reasons.join('; ') || `fused ${fmt(p.scores.fused)}, confidence ${p.confidence.toFixed(2)}` });
  }
  return items.sort((a, b) => b.priority - a.priority).slice(0, limit);
}
