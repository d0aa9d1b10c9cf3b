/**
 * How much of the network tuning moves, by the number of analyst labels (configs as data). Few
 * labels move few parameters, each pulled toward the starting model (L2-SP, Li et al. 2018), so 0
 * labels = the starting model and each label moves it only as far as the evidence allows; more
 * labels free more of the network and weaken the pull.
 */
import type { DeepPartial, SelfMiConfig } from '../selfmi/config';
import { evaluate } from '../selfmi/metrics';
import { makeRng } from '../selfmi/rng';

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
  "the candidate is activated when, on the same k folds of the labelled segments, its MAE is lower than the active version's and the gain passes a one-sided paired sign-flip test at p ≤ 0.10 over the segments (so a gain the folds cannot tell from chance does not count; with 3 labels none can), and its Corr is at most 0.05 lower (MAE alone where either Corr is undefined)";
export const CORR_TOLERANCE = 0.05;
/** The sign-flip test's level. */
export const GAIN_P = 0.1;

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

const EXACT_UP_TO = 16;
const DRAWS = 20_000;

/**
 * The MAE gain (before − after) and its one-sided p-value under a paired sign-flip (randomisation)
 * test: if the candidate were no better, each segment's difference in absolute error would be as
 * likely negative as positive, so p is the share of the 2^n sign patterns whose total gain is at
 * least the observed one (exact up to 16 segments, else 20,000 seeded draws). Written here because it
 * is a dozen lines with no distribution assumption, which matters at 3–10 segments (a t-test would
 * assume normal differences); a lower MAE alone was not enough: the generated 10-minute meeting
 * activated a 3-label candidate on 1.535 → 1.441 that was worse on the 117 segments left unlabelled.
 */
export function maeGain(p: PairedScores): { gain: number; p: number } {
  const d = p.truth.map((t, i) => Math.abs(p.before[i] - t) - Math.abs(p.after[i] - t));
  const n = d.length;
  const total = d.reduce((a, b) => a + b, 0);
  const abs = d.map(Math.abs);
  // A pattern counts when its total reaches the observed one, within float noise.
  const eps = 1e-9 * (1 + abs.reduce((a, b) => a + b, 0));
  let hits = 0;
  let draws: number;
  if (n <= EXACT_UP_TO) {
    draws = 2 ** n;
    for (let mask = 0; mask < draws; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? abs[i] : -abs[i];
      if (s >= total - eps) hits++;
    }
  } else {
    const rng = makeRng(1);
    draws = DRAWS;
    for (let k = 0; k < DRAWS; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.next() < 0.5 ? abs[i] : -abs[i];
      if (s >= total - eps) hits++;
    }
    // The observed pattern counts as one of the draws (an unbiased Monte Carlo p-value).
    hits++;
    draws++;
  }
  return { gain: total / n, p: hits / draws };
}

export function decide(p: PairedScores): Decision {
  const before = evaluate([...p.before], [...p.truth]);
  const after = evaluate([...p.after], [...p.truth]);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'undefined');
  const mae = `k-fold MAE ${f(before.mae)} → ${f(after.mae)}`;
  const g = maeGain(p);
  const n = p.truth.length;
  if (!(g.gain > 0)) return { better: false, reason: `${mae} (${g.gain === 0 ? 'no gain' : 'higher'})` };
  if (!(g.p <= GAIN_P)) {
    const floor = n <= EXACT_UP_TO ? `; with ${n} segments p cannot go below ${f(2 ** -n)}` : '';
    return { better: false, reason: `${mae}: a gain of ${f(g.gain)} that chance explains (sign-flip p = ${f(g.p)} > ${GAIN_P}${floor})` };
  }
  if (Number.isFinite(before.corr) && Number.isFinite(after.corr) && after.corr < before.corr - CORR_TOLERANCE) {
    return { better: false, reason: `k-fold Corr ${f(before.corr)} → ${f(after.corr)} (more than ${CORR_TOLERANCE} lower)` };
  }
  return { better: true, reason: `${mae} (gain ${f(g.gain)}, sign-flip p = ${f(g.p)}), Corr ${f(before.corr)} → ${f(after.corr)}` };
}
