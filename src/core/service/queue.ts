/**
 * Which unlabelled segments are most worth labelling next: where the trained modality heads
 * disagree with each other and where the model is least confident. Each item says why.
 */
import type { Prediction, Segment } from '../../shared/types';
import { fusedUncertainty, headDisagreement, LOW_CONFIDENCE_AT } from '../../shared/disagreement';
import { formatInterval } from '../../shared/uncertainty';

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
    // With spreads (format-2 models) two heads disagree by the gap between their 80 % intervals
    // (shared/disagreement.ts, the transcript's filter uses the same); without, by the raw difference.
    const hasSpread = p.spread.fused !== null;
    const { gap: disagreement, pair: heads } = headDisagreement(p, trainedHeads);
    const pair = !heads ? '' : hasSpread ? `${heads[0]} ${fmtIvl(p.scores[heads[0]], p.spread[heads[0]]!)} vs ${heads[1]} ${fmtIvl(p.scores[heads[1]], p.spread[heads[1]]!)}` : `${heads[0]} ${fmt(p.scores[heads[0]])} vs ${heads[1]} ${fmt(p.scores[heads[1]])}`;
    const uncertainty = fusedUncertainty(p);
    const nearZero = 1 - Math.min(1, Math.abs(p.scores.fused) / 1.5);
    const priority = disagreement / 6 + 0.6 * uncertainty + 0.3 * nearZero;
    const reasons: string[] = [];
    if (disagreement > (hasSpread ? 0 : 1)) reasons.push(`modalities disagree (${pair}${hasSpread ? ', 80 % intervals apart' : ''})`);
    if (uncertainty >= LOW_CONFIDENCE_AT) reasons.push(hasSpread ? `wide fused interval ${fmtIvl(p.scores.fused, p.spread.fused!)}` : `low confidence ${p.confidence.toFixed(2)}`);
    if (nearZero >= 0.6) reasons.push(`fused score ${fmt(p.scores.fused)} near the positive/negative boundary`);
    items.push({ segmentId: seg.id, priority, reason: reasons.join('; ') || `fused ${fmt(p.scores.fused)}, confidence ${p.confidence.toFixed(2)}` });
  }
  return spreadRepeats(items.sort((a, b) => b.priority - a.priority), segments, labelled).slice(0, limit);
}

/**
 * The words of a segment as the queue compares them: NFKC, case, punctuation and spacing set aside,
 * so "Great idea!" and "great idea" are the same utterance. No words, no key.
 */
export function wordsKey(text: string | null | undefined): string | null {
  const k = (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return k === '' ? null : k;
}

/**
 * Repeats of the same words go after every utterance not yet seen (in their own order of priority):
 * a model scores repeats alike, so the queue's top would otherwise be one sentence many times, and a
 * label on a repeat teaches tuning little beyond the first (issue 9: meetings repeat stock phrases).
 */
function spreadRepeats(ranked: QueueItem[], segments: Segment[], labelled: Set<string>): QueueItem[] {
  const words = new Map(segments.map((s) => [s.id, wordsKey(s.text)] as const));
  const seen = new Set<string>();
  for (const id of labelled) {
    const k = words.get(id);
    if (k) seen.add(k);
  }
  const fresh: QueueItem[] = [];
  const repeats: QueueItem[] = [];
  for (const item of ranked) {
    const k = words.get(item.segmentId) ?? null;
    if (k !== null && seen.has(k)) repeats.push({ ...item, reason: `${item.reason}; the same words as a segment labelled or ranked above` });
    else {
      if (k !== null) seen.add(k);
      fresh.push(item);
    }
  }
  return [...fresh, ...repeats];
}
