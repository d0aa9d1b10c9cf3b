/**
 * Which unlabelled segments are most worth labelling next: where the trained modality heads
 * disagree with each other and where the model is least confident. Each item says why.
 */
import type { Prediction, Segment } from '../../shared/types';

export interface QueueItem {
  segmentId: string;
  priority: number;
  reason: string;
}

const fmt = (x: number) => (x >= 0 ? `+${x.toFixed(1)}` : x.toFixed(1));

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
    const heads = (['text', 'audio', 'video'] as const).filter((h) => trainedHeads.has(h));
    let disagreement = 0;
    let pair = '';
    for (let i = 0; i < heads.length; i++)
      for (let j = i + 1; j < heads.length; j++) {
        const d = Math.abs(p.scores[heads[i]] - p.scores[heads[j]]);
        if (d > disagreement) {
          disagreement = d;
          pair = `${heads[i]} ${fmt(p.scores[heads[i]])} vs ${heads[j]} ${fmt(p.scores[heads[j]])}`;
        }
      }
    const uncertainty = 1 - Math.max(0, Math.min(1, p.confidence));
    const nearZero = 1 - Math.min(1, Math.abs(p.scores.fused) / 1.5);
    const priority = disagreement / 6 + 0.6 * uncertainty + 0.3 * nearZero;
    const reasons: string[] = [];
    if (disagreement >= 1) reasons.push(`modalities disagree (${pair})`);
    if (uncertainty >= 0.4) reasons.push(`low confidence ${p.confidence.toFixed(2)}`);
    if (nearZero >= 0.6) reasons.push(`fused score ${fmt(p.scores.fused)} near the positive/negative boundary`);
    items.push({ segmentId: seg.id, priority, reason: reasons.join('; ') || `fused ${fmt(p.scores.fused)}, confidence ${p.confidence.toFixed(2)}` });
  }
  return items.sort((a, b) => b.priority - a.priority).slice(0, limit);
}
