import type { Res } from '../../shared/contract';
import { agreement, alphaPerGroup } from '../analysis/agreement';

/**
 * The agreement figures as the contract carries them: an undefined figure (NaN) is null in JSON.
 * `recordings` names each recording for the per-recording alphas (in the order given, those with labels).
 */
export function agreementReport(scores: { segmentId: string; annotator: string; score: number; recordingId: string }[], recordings: { id: string; name: string }[]): Res<'agreement'> {
  const r = agreement(scores);
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  const per = new Map(alphaPerGroup(scores.map((s) => ({ ...s, group: s.recordingId }))).map((g) => [g.group, g]));
  return {
    ...r,
    overallAlpha: fin(r.overallAlpha),
    pairs: r.pairs.map((p) => ({ ...p, pearson: fin(p.pearson), ccc: fin(p.ccc), mae: fin(p.mae), alpha: fin(p.alpha), kappa: fin(p.kappa) })),
    perRecording: recordings.flatMap((rec) => {
      const g = per.get(rec.id);
      return g ? [{ recordingId: rec.id, name: rec.name, items: g.items, alpha: fin(g.alpha) }] : [];
    }),
  };
}
