import { describe, expect, it } from 'vitest';
import { CURVE_MAX_POINTS, curveGrid, curveOrder, curveStat } from './learning-curve';

describe('learning curve', () => {
  it('measures 5, 10, 15, ... up to the number of labels, from 10 labels on, at most CURVE_MAX_POINTS points', () => {
    expect(curveGrid(9)).toEqual([]);
    expect(curveGrid(10)).toEqual([5, 10]);
    expect(curveGrid(12)).toEqual([5, 10, 12]);
    expect(curveGrid(20)).toEqual([5, 10, 15, 20]);
    const big = curveGrid(50);
    expect(big.length).toBeLessThanOrEqual(CURVE_MAX_POINTS);
    expect(big[0]).toBe(5);
    expect(big[big.length - 1]).toBe(50);
    expect(big.every((n, i) => i === 0 || n > big[i - 1])).toBe(true);
    for (const n of [11, 33, 77, 200, 1000]) {
      const g = curveGrid(n);
      expect(g.length).toBeLessThanOrEqual(CURVE_MAX_POINTS);
      expect(g[g.length - 1]).toBe(n);
    }
  });

  it('orders labels so every prefix is spread evenly over the folds, nested and repeatable', () => {
    const folds = [
      [0, 5, 10],
      [1, 6, 11],
      [2, 7],
      [3, 8],
      [4, 9],
    ];
    const order = curveOrder(folds);
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(curveOrder(folds)).toEqual(order);
    const foldOf = (x: number) => folds.findIndex((f) => f.includes(x));
    // The first five: one from each fold, so each fold's model is tuned on four of them.
    expect(new Set(order.slice(0, 5).map(foldOf)).size).toBe(5);
    expect(new Set(order.slice(5, 10).map(foldOf)).size).toBe(5);
  });

  it('pools the folds as the estimate does, with a jackknife spread over the folds', () => {
    const truth = [[1, -1], [2, -2], [0, 1]];
    const pred = [[1, -1], [2, -2], [0, 1]];
    const exact = curveStat(pred, truth);
    expect(exact.mae).toBe(0);
    expect(exact.corr).toBeCloseTo(1, 10);
    expect(exact.maeSe).toBe(0);
    expect(exact.foldMae).toEqual([0, 0, 0]);
    const off = curveStat([[2, -1], [2, -2], [0, 1]], truth);
    expect(off.mae).toBeCloseTo(1 / 6, 10);
    expect(off.foldMae).toEqual([0.5, 0, 0]);
    // Leave-one-fold-out MAEs 0, 0.25, 0.25: mean 1/6, SE = sqrt(2/3 * sum of squared deviations).
    const loo = [0, 0.25, 0.25];
    const m = loo.reduce((a, b) => a + b) / 3;
    expect(off.maeSe).toBeCloseTo(Math.sqrt((2 / 3) * loo.reduce((s, v) => s + (v - m) ** 2, 0)), 10);
    // Constant predictions: Corr undefined, so null (never NaN in what is stored).
    const flat = curveStat([[0, 0], [0, 0]], [[1, -1], [2, -2]]);
    expect(flat.corr).toBeNull();
    expect(flat.corrSe).toBeNull();
  });
});
