/**
 * Reliability-weighted fusion (DESIGN.md §4b): each unimodal head s gives a score μ_s and a spread
 * σ_s (the sd of its predictive Gaussian), log σ_s = w_s · F_s + b_s over the head's own
 * representation F_s, fitted by Gaussian NLL on held-out data of that modality and scaled so its 80 %
 * interval covers 80 % there. The fused score is a product of experts with a weak neutral prior:
 *
 *   π_s = p_s · k_s / σ_s²          p_s = presence of the modality (0..1; video: face ratio)
 *   μ   = Σ π_s μ_s / (π_0 + Σ π_s) + bias,   σ = 1 / sqrt(π_0 + Σ π_s),   π_0 = 1 / priorSd²
 *
 * so neutral words with a wide spread let voice and face move the score, polar words with a tight
 * spread lead over a flat voice, and a missing modality drops out. k_s (default 1) and bias (default
 * 0) are the few parameters few-label tuning may move. The same arithmetic is built into the ONNX
 * graph (onnx-graph.ts); `fuse` here is its reference.
 */
import { normalQuantile } from '../../shared/uncertainty';
import { MODALITIES, type Modality } from './config';

/** log σ = w · F + b. */
export interface SpreadModel {
  w: number[];
  b: number;
}

export interface Reliability {
  /** Per modality; null = that head has no uncertainty model and takes no part in the fusion. */
  spread: Record<Modality, SpreadModel | null>;
  /** Precision multipliers k_s. */
  weight: Record<Modality, number>;
  bias: number;
  priorSd: number;
  /** What each spread was fitted and calibrated on, for the manifest. */
  meta?: Partial<Record<Modality, { note: string; calibration?: Record<string, unknown> }>>;
}

/**
 * log σ is clipped to this range: no head is more certain than 0.25 (the labels' own grain: the
 * valence given to an acted emotion or an expression class is a choice good to about half a point)
 * nor vaguer than the whole scale twice over.
 */
export const LOG_SD_MIN = Math.log(0.25);
export const LOG_SD_MAX = Math.log(6);
export const DEFAULT_PRIOR_SD = 3;

/**
 * For a model without a fitted reliability (trained from scratch, older files): every trained head
 * gets a constant spread of 1.5 (the sd of MOSI's labels) and equal weight; untrained heads drop out.
 */
export function constantReliability(postDims: Record<Modality, number>, trained: Record<Modality, boolean>, sd = 1.5): Reliability {
  const spread = {} as Record<Modality, SpreadModel | null>;
  const weight = {} as Record<Modality, number>;
  for (const m of MODALITIES) {
    spread[m] = trained[m] ? { w: new Array(postDims[m]).fill(0), b: Math.log(sd) } : null;
    weight[m] = trained[m] ? 1 : 0;
  }
  const meta = Object.fromEntries(MODALITIES.map((m) => [m, { note: trained[m] ? `constant spread ${sd} (no spread model fitted)` : 'untrained head: no spread, not in the fusion' }]));
  return { spread, weight, bias: 0, priorSd: DEFAULT_PRIOR_SD, meta };
}

export const FUSION_RULE =
  'fused = sum_s pi_s mu_s / (1/priorSd^2 + sum_s pi_s) + bias, pi_s = presence_s * weight_s / sd_s^2 over heads with a spread model; fused sd = 1/sqrt(1/priorSd^2 + sum_s pi_s); 80 % interval = score +/- 1.2816 sd';

/** The model's reliability, or constant spreads for its trained heads when it has none. */
export function reliabilityOf(model: { config: { post: Record<Modality, { dim: number }> }; heads: Record<Modality, { trained: boolean }>; reliability?: Reliability }): Reliability {
  if (model.reliability) return model.reliability;
  const dims = Object.fromEntries(MODALITIES.map((m) => [m, model.config.post[m].dim])) as Record<Modality, number>;
  const trained = Object.fromEntries(MODALITIES.map((m) => [m, model.heads[m].trained])) as Record<Modality, boolean>;
  return constantReliability(dims, trained);
}

/** Reads a reliability back from a v2 graph's `rel.*` initializers and the manifest's fitted flags. */
export function reliabilityFromInitializers(init: Record<string, Float32Array>, fitted: Record<Modality, boolean>, meta?: Reliability['meta']): Reliability {
  const need = (k: string) => {
    const v = init[k];
    if (!v) throw new Error(`model lacks the initializer '${k}'`);
    return v;
  };
  const weights = need('rel.weight');
  const spread = {} as Record<Modality, SpreadModel | null>;
  const weight = {} as Record<Modality, number>;
  MODALITIES.forEach((m, i) => {
    spread[m] = fitted[m] ? { w: Array.from(need(`rel.${m}.W`)), b: need(`rel.${m}.b`)[0] } : null;
    weight[m] = weights[i];
  });
  return { spread, weight, bias: need('rel.bias')[0], priorSd: 1 / Math.sqrt(need('rel.prior')[0]), meta };
}

export function spreadOf(model: SpreadModel, F: ArrayLike<number>): number {
  let s = model.b;
  for (let j = 0; j < model.w.length; j++) s += model.w[j] * F[j];
  return Math.exp(Math.min(LOG_SD_MAX, Math.max(LOG_SD_MIN, s)));
}

/** Reference of the graph's fusion for one row. */
export function fuse(
  rel: Reliability,
  mu: Record<Modality, number>,
  sd: Record<Modality, number>,
  present: Record<Modality, number>,
  range = 3,
): { score: number; sd: number } {
  let num = 0;
  let den = 1 / rel.priorSd ** 2;
  for (const m of MODALITIES) {
    if (!rel.spread[m] || !(sd[m] > 0)) continue;
    const pi = (present[m] * rel.weight[m]) / sd[m] ** 2;
    num += pi * mu[m];
    den += pi;
  }
  return { score: Math.max(-range, Math.min(range, num / den + rel.bias)), sd: 1 / Math.sqrt(den) };
}

export interface SpreadFitOptions {
  /** L2 on w (not on b), relative to n. */
  l2?: number;
  iterations?: number;
}

/**
 * Fits log σ = w·F + b to residuals r = y - μ by minimising the Gaussian NLL
 * Σ_i [s_i + r_i² e^{-2 s_i} / 2] + (λ n / 2) ||w||², s_i = w·F_i + b: convex in (w, b), solved by
 * full-batch Adam on standardised F (a few hundred parameters at most; no library needed).
 */
export function fitSpread(F: ArrayLike<number>[], resid: readonly number[], opts: SpreadFitOptions = {}): SpreadModel {
  const n = F.length;
  if (n === 0 || n !== resid.length) throw new RangeError(`fitSpread: ${n} rows for ${resid.length} residuals`);
  const d = F[0].length;
  const lambda = opts.l2 ?? 1e-2;
  const iters = opts.iterations ?? 1500;
  const mean = new Float64Array(d);
  const sdv = new Float64Array(d);
  for (const f of F) for (let j = 0; j < d; j++) mean[j] += f[j] / n;
  for (const f of F) for (let j = 0; j < d; j++) sdv[j] += (f[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sdv[j] = Math.sqrt(sdv[j]) || 1;
  const Z = F.map((f) => Float64Array.from({ length: d }, (_, j) => (f[j] - mean[j]) / sdv[j]));
  const r2 = resid.map((r) => Math.max(r * r, 1e-6));
  // Start at the constant solution: s = log sqrt(mean r²).
  const w = new Float64Array(d);
  let b = 0.5 * Math.log(r2.reduce((a, x) => a + x, 0) / n);
  const mW = new Float64Array(d);
  const vW = new Float64Array(d);
  let mB = 0;
  let vB = 0;
  const lr = 0.02;
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const gW = new Float64Array(d);
  for (let t = 1; t <= iters; t++) {
    gW.fill(0);
    let gB = 0;
    for (let i = 0; i < n; i++) {
      let s = b;
      const z = Z[i];
      for (let j = 0; j < d; j++) s += w[j] * z[j];
      const g = (1 - r2[i] * Math.exp(-2 * s)) / n;
      gB += g;
      for (let j = 0; j < d; j++) gW[j] += g * z[j];
    }
    for (let j = 0; j < d; j++) {
      const g = gW[j] + lambda * w[j];
      mW[j] = b1 * mW[j] + (1 - b1) * g;
      vW[j] = b2 * vW[j] + (1 - b2) * g * g;
      w[j] -= (lr * (mW[j] / (1 - b1 ** t))) / (Math.sqrt(vW[j] / (1 - b2 ** t)) + eps);
    }
    mB = b1 * mB + (1 - b1) * gB;
    vB = b2 * vB + (1 - b2) * gB * gB;
    b -= (lr * (mB / (1 - b1 ** t))) / (Math.sqrt(vB / (1 - b2 ** t)) + eps);
  }
  // Back to raw F: w·(F - mean)/sd + b.
  const wRaw = Array.from(w, (x, j) => x / sdv[j]);
  const bRaw = b - wRaw.reduce((a, x, j) => a + x * mean[j], 0);
  return { w: wRaw, b: bRaw };
}

/**
 * The multiplier c such that score ± z·c·σ (z the normal quantile of the central `level`) covers `level` of the residuals (the empirical
 * quantile of |r|/σ): split-conformal scaling of a fitted spread. Applied as b += log c.
 */
export function coverageScale(sd: readonly number[], resid: readonly number[], level = 0.8): number {
  const ratios = resid.map((r, i) => Math.abs(r) / sd[i]).sort((a, b) => a - b);
  const k = Math.min(ratios.length - 1, Math.ceil(level * (ratios.length + 1)) - 1);
  return Math.max(1e-3, ratios[Math.max(0, k)]) / normalQuantile(0.5 + level / 2);
}

export function scaled(model: SpreadModel, c: number): SpreadModel {
  return { w: model.w, b: model.b + Math.log(c) };
}
