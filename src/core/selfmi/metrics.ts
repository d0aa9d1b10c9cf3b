/**
 * Regression metrics exactly as MMSA's MetricsTop (__eval_mosei_regression) computes them:
 *   MAE, Pearson corr (np.corrcoef), Acc-7 on clip(x, -3, 3), Acc-5 on clip(x, -2, 2) with numpy's
 *   round-half-to-even, Has0 Acc-2 (y >= 0 vs p >= 0), Non0 Acc-2 (rows with y != 0; y > 0 vs p > 0),
 *   and sklearn's support-weighted F1 for both binary views.
 * Corr is NaN when either vector is constant (as numpy gives); the key names are the CLI's JSON names.
 *
 * Interval metrics (not MMSA's; our heads carry a Gaussian spread): the coverage of the central
 * `level` interval score ± z·sd clipped to [-range, range] (src/shared/uncertainty.ts, the interval
 * the model, CLI and UI show), its mean width, and the reliability curve (coverage per nominal level).
 */
import { InputError } from '../../shared/errors';
import { interval } from '../../shared/uncertainty';

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

function checkIntervalInput(pred: readonly number[], sd: readonly number[], truth: readonly number[] | null, level: number, source: string): void {
  if (pred.length !== sd.length) throw new InputError(source, `${pred.length} predictions for ${sd.length} spreads`);
  if (truth && pred.length !== truth.length) throw new InputError(source, `${pred.length} predictions for ${truth.length} labels`);
  if (pred.length === 0) throw new InputError(source, 'no rows to measure intervals on');
  if (!(level > 0 && level < 1)) throw new InputError(source, `interval level ${level} is not in (0, 1)`);
  for (let i = 0; i < pred.length; i++) {
    if (!Number.isFinite(pred[i]) || (truth && !Number.isFinite(truth[i]))) throw new InputError(source, `row ${i + 1}: value is not a finite number`);
    if (!(sd[i] >= 0) || !Number.isFinite(sd[i])) throw new InputError(source, `row ${i + 1}: spread ${sd[i]} is not a finite sd >= 0`);
  }
}

/**
 * Fraction of rows whose truth lies inside the central `level` interval of N(pred, sd²), clipped to
 * [-range, range] (ends included). A calibrated head covers about `level` of held-out rows.
 */
export function intervalCoverage(pred: readonly number[], sd: readonly number[], truth: readonly number[], level = 0.8, range = 3, source = 'evaluation'): number {
  checkIntervalInput(pred, sd, truth, level, source);
  let hit = 0;
  for (let i = 0; i < pred.length; i++) {
    const [lo, hi] = interval(pred[i], sd[i], level, range);
    if (truth[i] >= lo && truth[i] <= hi) hit++;
  }
  return hit / pred.length;
}

/** Mean width of the same clipped intervals (a sharper head has narrower ones at equal coverage). */
export function meanIntervalWidth(pred: readonly number[], sd: readonly number[], level = 0.8, range = 3, source = 'evaluation'): number {
  checkIntervalInput(pred, sd, null, level, source);
  let sum = 0;
  for (let i = 0; i < pred.length; i++) {
    const [lo, hi] = interval(pred[i], sd[i], level, range);
    sum += hi - lo;
  }
  return sum / pred.length;
}

export const RELIABILITY_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** Reliability (calibration) curve: observed coverage at each nominal level. */
export function reliabilityCurve(pred: readonly number[], sd: readonly number[], truth: readonly number[], levels: readonly number[] = RELIABILITY_LEVELS, range = 3, source = 'evaluation'): Array<{ level: number; observed: number }> {
  return levels.map((level) => ({ level, observed: intervalCoverage(pred, sd, truth, level, range, source) }));
}
