/**
 * MMSA metric definitions on a small vector worked out by hand (values in comments), plus the
 * DESIGN.md §3 sanity anchor for always-negative predictions on a MOSI-test-shaped label vector.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, intervalCoverage, meanIntervalWidth, reliabilityCurve, roundHalfEven, weightedF1 } from './metrics';

const pred = [-2.6, -0.4, 0.0, 0.5, 1.5, 2.9, -1.2, 0.2];
const truth = [-3.0, 0.0, -0.6, 0.5, 2.5, 2.0, -1.4, -0.2];

describe('MMSA regression metrics', () => {
  it('rounds like numpy (half to even)', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.4, -0.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 0, -1]);
  });

  it('matches hand-computed values', () => {
    const m = evaluate(pred, truth);
    // |p - y| = .4 .4 .6 0 1 .9 .2 .4 -> 3.9 / 8
    expect(m.mae).toBeCloseTo(0.4875, 12);
    // numpy.corrcoef on the same vectors
    expect(m.corr).toBeCloseTo(0.9401295296558133, 12);
    // Acc-7: rounded p = -3 0 0 0 2 3 -1 0, y = -3 0 -1 0 2 2 -1 0 -> 6/8 (half-up rounding would give 5/8)
    expect(m.acc7).toBe(0.75);
    // Acc-5 (clip to ±2): p = -2 0 0 0 2 2 -1 0, y = -2 0 -1 0 2 2 -1 0 -> 7/8
    expect(m.acc5).toBe(0.875);
    // Has0: y>=0 F T F T T T F F, p>=0 F F T T T T F T -> 5/8
    expect(m.has0_acc2).toBe(0.625);
    // F1 true = 2*3/(2*3+2+1) = 2/3, F1 false = 2*2/(2*2+1+2) = 4/7, supports 4 and 4
    expect(m.has0_f1).toBeCloseTo((2 / 3 + 4 / 7) / 2, 12);
    // Non0 drops row 2 (y = 0): 6 of 7 right; F1 = 6/7 for both classes
    expect(m.non0_acc2).toBeCloseTo(6 / 7, 12);
    expect(m.non0_f1).toBeCloseTo(6 / 7, 12);
    expect(m.n).toBe(8);
  });

  it('weights F1 by true-class support, as sklearn average="weighted"', () => {
    // truth: 3 T, 1 F; pred all T -> F1(T) = 6/7, F1(F) = 0 -> 3/4 * 6/7
    expect(weightedF1([true, true, true, false], [true, true, true, true])).toBeCloseTo((3 / 4) * (6 / 7), 12);
  });

  it('reproduces the always-negative anchor (Has0 Acc-2 = 55.25 % on MOSI test: 379 of 686 labels < 0)', () => {
    const y = [...Array(379).fill(-1.2), ...Array(300).fill(1.4), ...Array(7).fill(0)];
    const m = evaluate(Array(686).fill(-1), y);
    expect(Math.round(m.has0_acc2 * 10000) / 100).toBe(55.25);
    // The same predictions under Non0 see 379 of 679.
    expect(m.non0_acc2).toBeCloseTo(379 / 679, 12);
    // Constant predictions have no correlation: numpy gives nan, so do we.
    expect(m.corr).toBeNaN();
  });

  it('constant-prediction MAE is mean |y - c| (the train-mean anchor)', () => {
    const y = [-2, -1, 0, 1, 3];
    expect(evaluate(Array(5).fill(0.2), y).mae).toBeCloseTo((2.2 + 1.2 + 0.2 + 0.8 + 2.8) / 5, 12);
    // 0.1 summed 229 times is not exactly 229 * 0.1: still no correlation.
    expect(evaluate(Array(229).fill(0.1), Array.from({ length: 229 }, (_, i) => (i % 7) - 3)).corr).toBeNaN();
  });

  it('rejects mismatched or non-finite input, naming the source', () => {
    expect(() => evaluate([1, 2], [1], 'labels.csv')).toThrow(/labels.csv: 2 predictions for 1 labels/);
    expect(() => evaluate([1, NaN], [1, 2], 'labels.csv')).toThrow(/row 2/);
  });
});

describe('interval metrics', () => {
  // z(0.9) = 1.2815515655446004, z(0.75) = 0.6744897501960817
  const p = [0, 0, 1, -2, 2.5];
  const sd = [1, 1, 0.5, 0, 1];
  const y = [1.2, -1.3, 1.6, -2, 3];

  it('coverage of the 80 % interval, by hand', () => {
    // [-1.28, 1.28] holds 1.2, not -1.3; [0.36, 1.64] holds 1.6; sd 0 gives [-2, -2], which holds -2;
    // [1.22, 3.78] clipped to [1.22, 3] holds 3 (ends included) -> 4 of 5
    expect(intervalCoverage(p, sd, y, 0.8)).toBe(0.8);
    // 50 %: [-0.67, 0.67] misses 1.2, [0.66, 1.34] misses 1.6; -2 and 3 still in -> 2 of 5
    expect(intervalCoverage(p, sd, y, 0.5)).toBe(0.4);
    // widths 2.563 2.563 1.282 0 (3 - 1.218 =) 1.782
    const z = 1.2815515655446004;
    expect(meanIntervalWidth(p, sd, 0.8)).toBeCloseTo((2 * z + 2 * z + z + 0 + (3 - (2.5 - z))) / 5, 7);
  });

  it('reliability curve is coverage per nominal level, non-decreasing', () => {
    const curve = reliabilityCurve(p, sd, y);
    expect(curve.map((c) => c.level)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(curve[7].observed).toBe(0.8);
    expect(curve[4].observed).toBe(0.4);
    curve.slice(1).forEach((c, i) => expect(c.observed).toBeGreaterThanOrEqual(curve[i].observed));
  });

  it('rejects missing spreads and bad levels, naming the source', () => {
    expect(() => intervalCoverage([1, 2], [1, NaN], [1, 2], 0.8, 3, 'preds.csv')).toThrow(/preds.csv: row 2: spread NaN/);
    expect(() => intervalCoverage([1], [1], [1, 2])).toThrow(/1 predictions for 2 labels/);
    expect(() => intervalCoverage([1], [1], [1], 80)).toThrow(/level 80/);
  });
});
