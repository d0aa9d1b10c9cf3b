/**
 * The project's own learning curve: the k-fold estimate of a version tuned with n of the analyst's
 * labels, for a few n up to the number there are, on the SAME folds (and so the same held-out
 * labels) as the tuning's before/after estimate. How a point is made:
 *
 * - the labels are put in a fixed order: each fold's labels shuffled with a fixed seed, then taken
 *   round-robin across the folds, so the first n are spread over the folds as evenly as possible and
 *   the subsets are nested (the labels of n = 5 are among those of n = 10);
 * - for fold f, the model is tuned (the plan for n labels, from the active version) on the first n
 *   labels that lie outside fold f, and predicts every label of fold f;
 * - the point is the pooled metric over all folds' held-out predictions, exactly as the estimate; at
 *   n = all labels it IS the estimate. Its spread is the jackknife standard error over the folds
 *   (the pooled metric recomputed with each fold left out); MAE per fold is kept as well.
 *
 * The active version itself does not learn from labels, so "untuned" is one value for every n (the
 * estimate's "before") with its own jackknife spread.
 */
import { CURVE_MIN_LABELS } from '../../shared/contract/schemas';
import { makeRng, shuffled } from '../selfmi/rng';
import { pearson } from '../selfmi/metrics';

export { CURVE_MIN_LABELS };
/** The curve never has more points than this (each point but the last costs k extra trainings). */
export const CURVE_MAX_POINTS = 4;
export const CURVE_STEP = 5;
export const CURVE_SEED = 1;

export const CURVE_METHOD =
  `each point subsamples n of your labels (nested subsets spread evenly over the folds, fixed seed ${CURVE_SEED}), tunes one model per fold on the subsample's labels outside that fold with the plan for n labels, and scores every label of that fold: the same folds and held-out labels as the before/after estimate (at the last n it is that estimate). Band: ±1 jackknife standard error over the folds`;

export interface CurveStat {
  mae: number | null;
  corr: number | null;
  /** Jackknife standard errors over the folds (null where undefined). */
  maeSe: number | null;
  corrSe: number | null;
  /** MAE of each fold on its own. */
  foldMae: (number | null)[];
}

export interface CurvePoint extends CurveStat {
  n: number;
  /** Labels each fold's model was tuned on (n minus those in the fold). */
  trainLabels: number[];
}

export interface LearningCurve {
  folds: number;
  seed: number;
  method: string;
  /** The active version (untuned) on the same folds: one value for every n. */
  untuned: CurveStat;
  points: CurvePoint[];
}

/** The n at which the curve is measured for `labels` labels: 5, 10, 15, ... up to labels, at most CURVE_MAX_POINTS. */
export function curveGrid(labels: number): number[] {
  if (labels < CURVE_MIN_LABELS) return [];
  const all: number[] = [];
  for (let n = CURVE_STEP; n < labels; n += CURVE_STEP) all.push(n);
  all.push(labels);
  if (all.length <= CURVE_MAX_POINTS) return all;
  // Evenly spread, rounded to the step, always the first and the last.
  const out = new Set<number>();
  for (let i = 0; i < CURVE_MAX_POINTS - 1; i++) {
    const raw = CURVE_STEP + (i * (labels - CURVE_STEP)) / (CURVE_MAX_POINTS - 1);
    out.add(Math.max(CURVE_STEP, Math.round(raw / CURVE_STEP) * CURVE_STEP));
  }
  out.add(labels);
  return [...out].filter((n) => n <= labels).sort((a, b) => a - b);
}

/** The labels' fixed order: each fold shuffled (seeded), then round-robin across the folds. */
export function curveOrder<T>(folds: readonly (readonly T[])[], seed = CURVE_SEED): T[] {
  const rng = makeRng(seed);
  const shuffledFolds = folds.map((f) => shuffled(f, rng));
  const out: T[] = [];
  const longest = Math.max(0, ...shuffledFolds.map((f) => f.length));
  for (let i = 0; i < longest; i++) for (const f of shuffledFolds) if (i < f.length) out.push(f[i]);
  return out;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function mae(pred: readonly number[], truth: readonly number[]): number {
  return pred.reduce((s, p, i) => s + Math.abs(p - truth[i]), 0) / pred.length;
}

function jackknifeSe(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  if (v.length < 2 || v.length !== values.length) return null;
  const k = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / k;
  return Math.sqrt(((k - 1) / k) * v.reduce((s, x) => s + (x - mean) ** 2, 0));
}

/** Pooled MAE/Corr over all folds' held-out predictions, with jackknife spread and per-fold MAE. */
export function curveStat(pred: readonly (readonly number[])[], truth: readonly (readonly number[])[]): CurveStat {
  const flat = (xs: readonly (readonly number[])[], skip = -1) => xs.flatMap((x, i) => (i === skip ? [] : [...x]));
  const pooled = (skip: number) => {
    const p = flat(pred, skip);
    const t = flat(truth, skip);
    return p.length === 0 ? { mae: null, corr: null } : { mae: finite(mae(p, t)), corr: p.length < 2 ? null : finite(pearson(p, t)) };
  };
  const all = pooled(-1);
  const leaveOut = pred.map((_, i) => pooled(i));
  return {
    mae: all.mae,
    corr: all.corr,
    maeSe: pred.length < 2 ? null : jackknifeSe(leaveOut.map((l) => l.mae)),
    corrSe: pred.length < 2 ? null : jackknifeSe(leaveOut.map((l) => l.corr)),
    foldMae: pred.map((p, i) => (p.length ? finite(mae(p, truth[i])) : null)),
  };
}
