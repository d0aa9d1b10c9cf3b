import type { Res } from '../../shared/contract';
import { agreement } from '../analysis/agreement';

/** The agreement figures as the contract carries them: an undefined figure (NaN) is null in JSON. */
export function agreementReport(scores: { segmentId: string; annotator: string; score: number }[]): Res<'agreement'> {
  const r = agreement(scores);
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    ...r,
    overallAlpha: fin(r.overallAlpha),
    pairs: r.pairs.map((p) => ({ ...p, pearson: fin(p.pearson), ccc: fin(p.ccc), mae: fin(p.mae), alpha: fin(p.alpha), kappa: fin(p.kappa) })),
  };
}
