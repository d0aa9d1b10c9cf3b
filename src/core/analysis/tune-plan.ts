/**
 * How much of the network tuning moves, by the number of analyst labels (configs as data). Few
 * labels move few parameters, each pulled toward the starting model (L2-SP, Li et al. 2018), so 0
 * labels = the starting model and each label moves it only as far as the evidence allows; more
 * labels free more of the network and weaken the pull.
 */
import type { DeepPartial, SelfMiConfig } from '../selfmi/config';
import { evaluate } from '../selfmi/metrics';

export interface TunePlan {
  regime: 'few' | 'some' | 'many';
  overrides: DeepPartial<SelfMiConfig>;
  why: string;
}

export interface TuneSwitches {
  /** Self-MM's unimodal label generation on the labelled segments (off = every head learns y_m). */
  ulgm: boolean;
  /** MMIM's InfoNCE on every segment (off = alpha 0). */
  cpc: boolean;
}

export const FEW_LABELS = 20;
export const SOME_LABELS = 100;

export function planFor(labels: number, sw: TuneSwitches): TunePlan {
  const switches: DeepPartial<SelfMiConfig> = { ulgm: sw.ulgm, ...(sw.cpc ? {} : { alpha: 0 }) };
  if (labels <= FEW_LABELS) {
    return {
      regime: 'few',
      // The unimodal heads' last layers move the scores the fusion combines; post.fused is Self-MI's
      // fused representation z, the only trained part InfoNCE reaches with the subnets frozen.
      overrides: { ...switches, trainable: ['head.text.1', 'head.audio.1', 'head.video.1', 'head.fused.1', 'post.fused'], l2sp: FEW_LABELS / Math.max(1, labels), maxEpochs: 20 },
      why: `${labels} labels (≤ ${FEW_LABELS}): only the heads' last layers and the fused representation train, pulled toward the active version with L2-SP strength ${(FEW_LABELS / Math.max(1, labels)).toFixed(2)}`,
    };
  }
  if (labels <= SOME_LABELS) {
    return {
      regime: 'some',
      overrides: { ...switches, trainable: ['post', 'head', 'cpc'], l2sp: 0.5 },
      why: `${labels} labels (≤ ${SOME_LABELS}): the heads and their representations train, subnets frozen, L2-SP 0.5`,
    };
  }
  return { regime: 'many', overrides: { ...switches, trainable: [], l2sp: 0.05 }, why: `${labels} labels: the whole network trains, L2-SP 0.05` };
}

/** The activation rule, stated once: what `--activate if-better` checks. */
export const ACTIVATION_RULE =
  "the candidate is activated when, on the same k folds of the labelled segments, its MAE is lower than the active version's by at least one standard error of the per-segment difference in absolute error (so a gain the folds cannot tell from noise does not count), and its Corr is at most 0.05 lower (MAE alone where either Corr is undefined)";
export const CORR_TOLERANCE = 0.05;

export interface Decision {
  better: boolean;
  reason: string;
}

/** The k-fold predictions behind a decision: the active version's, the candidate's, and the labels, per segment. */
export interface PairedScores {
  before: readonly number[];
  after: readonly number[];
  truth: readonly number[];
}

/**
 * The MAE gain (before − after) and its standard error over segments. With 3–10 labels the folds
 * score 3–10 segments, where a lower MAE alone is often one lucky segment: the generated 10-minute
 * meeting activated a 3-label candidate on 1.535 → 1.441 that was 0.010 worse on the 117 segments
 * left unlabelled.
 */
export function maeGain(p: PairedScores): { gain: number; se: number } {
  const n = p.truth.length;
  const d = p.truth.map((t, i) => Math.abs(p.before[i] - t) - Math.abs(p.after[i] - t));
  const gain = d.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(d.reduce((a, x) => a + (x - gain) ** 2, 0) / (n - 1)) : Infinity;
  return { gain, se: sd / Math.sqrt(n) };
}

export function decide(p: PairedScores): Decision {
  const before = evaluate([...p.before], [...p.truth]);
  const after = evaluate([...p.after], [...p.truth]);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'undefined');
  const mae = `k-fold MAE ${f(before.mae)} → ${f(after.mae)}`;
  const { gain, se } = maeGain(p);
  if (!(gain > 0)) return { better: false, reason: `${mae} (${gain === 0 ? 'no gain' : 'higher'})` };
  if (!(gain >= se)) return { better: false, reason: `${mae}: a gain of ${f(gain)} within its standard error ${f(se)} over ${p.truth.length} segments, not told from noise` };
  if (Number.isFinite(before.corr) && Number.isFinite(after.corr) && after.corr < before.corr - CORR_TOLERANCE) {
    return { better: false, reason: `k-fold Corr ${f(before.corr)} → ${f(after.corr)} (more than ${CORR_TOLERANCE} lower)` };
  }
  return { better: true, reason: `${mae} (gain ${f(gain)} ± ${f(se)}), Corr ${f(before.corr)} → ${f(after.corr)}` };
}
