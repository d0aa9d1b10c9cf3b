/**
 * The tiers an EAF or TextGrid export adds beside the speakers' and the gold `sentiment` tier
 * (issue 16 item 4, issue 18 item 12): one per annotator ("sentiment:NAME") when the export
 * includes every annotator, and the model's per head ("model:fused", its "model:fused 80%"
 * interval, …, "model:confidence") when it includes the model's scores. Each spills into
 * "NAME #2" where segments overlap, as the speaker tiers do (neither tool lets a tier overlap).
 */
import type { LabelledSegment } from '../../../shared/types';
import { assignLanes, formatScore } from './common';
import { SCORE_HEADS, segmentScores } from './scores';
import type { ExportData } from './types';

export const GOLD_TIER = 'sentiment';
export const ANNOTATOR_TIER_PREFIX = 'sentiment:';
export const MODEL_TIER_PREFIX = 'model:';
/** " #2", " #3": the overflow lanes of one tier. */
export const LANE_SUFFIX = / #(\d+)$/;

export const annotatorTierName = (annotator: string) => `${ANNOTATOR_TIER_PREFIX}${annotator}`;

export interface ExtraTier {
  name: string;
  /** The annotator whose labels the tier holds (EAF's TIER ANNOTATOR); null for the model's. */
  annotator: string | null;
  items: { s: LabelledSegment; text: string }[];
}

/** A tier's lanes, each named "base", "base #2", …; no tier for no items. */
function laned(base: string, annotator: string | null, items: { s: LabelledSegment; text: string }[]): ExtraTier[] {
  const bySeg = new Map(items.map((it) => [it.s, it.text]));
  return assignLanes(items.map((it) => it.s)).map((lane, i) => ({ name: i === 0 ? base : `${base} #${i + 1}`, annotator, items: lane.map((s) => ({ s, text: bySeg.get(s)! })) }));
}

export function annotatorTiers(data: ExportData, segments: readonly LabelledSegment[]): ExtraTier[] {
  return (data.annotators ?? []).flatMap(({ annotator, labels }) =>
    laned(annotatorTierName(annotator), annotator, segments.flatMap((s) => (labels.has(s.id) ? [{ s, text: formatScore(labels.get(s.id)!.score) }] : []))),
  );
}

export function modelTiers(data: ExportData, segments: readonly LabelledSegment[]): ExtraTier[] {
  const preds = data.predictions;
  if (!preds) return [];
  const scored = segments.flatMap((s) => {
    const p = preds.get(s.id);
    return p ? [{ s, v: segmentScores(p) }] : [];
  });
  const tiers: ExtraTier[] = [];
  for (const [head] of SCORE_HEADS) {
    tiers.push(...laned(`${MODEL_TIER_PREFIX}${head}`, null, scored.flatMap(({ s, v }) => (v.heads[head] ? [{ s, text: String(v.heads[head]!.score) }] : []))));
    tiers.push(
      ...laned(`${MODEL_TIER_PREFIX}${head} 80%`, null, scored.flatMap(({ s, v }) => {
        const h = v.heads[head];
        return h && h.lo80 !== null && h.hi80 !== null ? [{ s, text: `[${h.lo80}, ${h.hi80}]` }] : [];
      })),
    );
  }
  tiers.push(...laned(`${MODEL_TIER_PREFIX}confidence`, null, scored.map(({ s, v }) => ({ s, text: String(v.confidence) }))));
  return tiers;
}

/** The model versions the scores came from (one, unless predictions were mixed), for a header that can hold it. */
export function modelVersions(data: ExportData, segments: readonly LabelledSegment[]): string[] {
  const preds = data.predictions;
  if (!preds) return [];
  return [...new Set(segments.flatMap((s) => (preds.has(s.id) ? [preds.get(s.id)!.modelVersion] : [])))].sort();
}
