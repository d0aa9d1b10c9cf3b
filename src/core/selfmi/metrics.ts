/**
 * Regression metrics exactly as MMSA's MetricsTop (__eval_mosei_regression) computes them:
 *   MAE, Pearson corr (np.corrcoef), Acc-7 on clip(x, -3, 3), Acc-5 on clip(x, -2, 2) with numpy's
 *   round-half-to-even, Has0 Acc-2 (y >= 0 vs p >= 0), Non0 Acc-2 (rows with y != 0; y > 0 vs p > 0),
 *   and sklearn's support-weighted F1 for both binary views.
 * Corr is NaN when either vector is constant (as numpy gives); the key names are the CLI's JSON names.
 */
import { InputError } from '../../shared/errors';

export interface Metrics {
  mae: number;
  corr: number;
  acc7: number;
  acc5: number;
  has0_acc2: number;
  has0_f1: number;
  non0_acc2: number;
  non0_f1: number;
  n: number;
}

/** numpy.round: ties go to the even integer. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function multiclassAcc(pred: readonly number[], truth: readonly number[], bound: number): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) {
    if (roundHalfEven(clip(pred[i], -bound, bound)) === roundHalfEven(clip(truth[i], -bound, bound))) hit++;
  }
  return hit / truth.length;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  // A constant vector has no correlation (numpy: nan). Test it directly: its float mean can differ from
  // the value in the last bit and leave a spurious ~1e-16 "correlation".
  if (a.every((v) => v === a[0]) || b.every((v) => v === b[0])) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** sklearn f1_score(truth, pred, average='weighted') for boolean labels. */
export function weightedF1(truth: readonly boolean[], pred: readonly boolean[]): number {
  let total = 0;
  let acc = 0;
  for (const cls of [false, true]) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === cls && truth[i] === cls) tp++;
      else if (pred[i] === cls) fp++;
      else if (truth[i] === cls) fn++;
    }
    const support = tp + fn;
    const denom = 2 * tp + fp + fn;
    acc += support * (denom === 0 ? 0 : (2 * tp) / denom);
    total += support;
  }
  return total === 0 ? 0 : acc / total;
}

function accuracy(truth: readonly boolean[], pred: readonly boolean[]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hit++;
  return truth.length === 0 ? NaN : hit / truth.length;
}

export function evaluate(pred: readonly number[], truth: readonly number[], source = 'evaluation'): Metrics {
  if (pred.length !== truth.length) throw new InputError(source, `${pred.length} predictions for ${truth.length} labels`);
  if (truth.length === 0) throw new InputError(source, 'no labelled rows to evaluate');
  const bad = [...pred, ...truth].findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InputError(source, `row ${(bad % pred.length) + 1}: value is not a finite number`);
  const n = truth.length;
  const mae = pred.reduce((s, p, i) => s + Math.abs(p - truth[i]), 0) / n;
  const nz = truth.map((_, i) => i).filter((i) => truth[i] !== 0);
  const nzTruth = nz.map((i) => truth[i] > 0);
  const nzPred = nz.map((i) => pred[i] > 0);
  const hTruth = truth.map((v) => v >= 0);
  const hPred = pred.map((v) => v >= 0);
  return {
    mae,
    corr: pearson(pred, truth),
    acc7: multiclassAcc(pred, truth, 3),
    acc5: multiclassAcc(pred, truth, 2),
    has0_acc2: accuracy(hTruth, hPred),
    has0_f1: weightedF1(hTruth, hPred),
    non0_acc2: accuracy(nzTruth, nzPred),
    non0_f1: weightedF1(nzTruth, nzPred),
    n,
  };
}
