import { describe, expect, it } from 'vitest';
import { agreement, alphaPerGroup, krippendorffIntervalAlpha } from './agreement';
import reference from './__fixtures__/agreement-reference.json';

/**
 * The done-when of issue 16: agreement figures equal to a reference within 1e-6. The references here
 * do not share code with agreement.ts: a hand-worked example whose alpha is an exact fraction, and
 * Krippendorff's own example computed from his coincidence-matrix formulas (2011, section C), value
 * by value, rather than from the sum of squared differences the implementation uses, and figures
 * from Python's `krippendorff` and numpy (scripts/reference/agreement_reference.py wrote the fixture).
 */

/** Krippendorff (2011): o_ck = sum over units of (c-k pairs in u) / (m_u - 1); D_o and D_e from o and its margins n_c. */
function alphaFromCoincidences(units: number[][]): number {
  const pairable = units.filter((u) => u.length >= 2);
  const values = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const o = new Map<string, number>();
  for (const u of pairable) {
    for (let i = 0; i < u.length; i++)
      for (let j = 0; j < u.length; j++) {
        if (i === j) continue;
        const key = `${u[i]}|${u[j]}`;
        o.set(key, (o.get(key) ?? 0) + 1 / (u.length - 1));
      }
  }
  const nc = new Map(values.map((c) => [c, values.reduce((s, k) => s + (o.get(`${c}|${k}`) ?? 0), 0)]));
  const n = [...nc.values()].reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (const c of values)
    for (const k of values) {
      const d2 = (c - k) ** 2; // interval metric
      observed += (o.get(`${c}|${k}`) ?? 0) * d2;
      expected += nc.get(c)! * nc.get(k)! * d2;
    }
  return 1 - ((n - 1) * observed) / expected;
}

describe("Krippendorff's alpha against references computed independently (issue 16 done-when, 1e-6)", () => {
  it('a hand-worked 2 x 4 table: alpha = 4/9 exactly', () => {
    // Units (1,1) (2,3) (3,3) (4,2). n = 8 values, mean 19/8.
    // D_o = sum over units of ordered-pair squared differences / (m_u - 1), over n = (0 + 2 + 0 + 8) / 8 = 5/4.
    // D_e = 2 n sum (v - mean)^2 / (n (n - 1)) = 2 * 8 * 63/8 / 56 = 9/4.   alpha = 1 - (5/4) / (9/4) = 4/9.
    const units = [[1, 1], [2, 3], [3, 3], [4, 2]];
    expect(Math.abs(krippendorffIntervalAlpha(units) - 4 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(alphaFromCoincidences(units) - 4 / 9)).toBeLessThan(1e-12);
    // The report's overall and pairwise alpha for the same two annotators.
    const labels = units.flatMap(([a, b], i) => [{ segmentId: `u${i}`, annotator: 'A', score: a }, { segmentId: `u${i}`, annotator: 'B', score: b }]);
    const r = agreement(labels, { reps: 50 });
    expect(Math.abs(r.overallAlpha - 4 / 9)).toBeLessThan(1e-6);
    expect(Math.abs(r.pairs[0].alpha - 4 / 9)).toBeLessThan(1e-6);
  });

  it("Krippendorff's 4 observers x 12 units example (missing values) from the coincidence matrix: 0.849 as printed, and the implementation within 1e-6", () => {
    const rows = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = rows[0].map((_, u) => rows.map((r) => r[u]).filter((v): v is number => v !== null));
    const ref = alphaFromCoincidences(units);
    expect(ref).toBeCloseTo(0.849, 3);
    expect(Math.abs(krippendorffIntervalAlpha(units) - ref)).toBeLessThan(1e-6);
    // Per recording: two groups, each its own alpha.
    const labels = units.flatMap((u, i) => u.map((score, k) => ({ segmentId: `u${i}`, annotator: `o${k}`, score, group: i < 6 ? 'r1' : 'r2' })));
    const per = alphaPerGroup(labels);
    expect(per.map((g) => [g.group, g.items])).toEqual([['r1', 6], ['r2', 5]]);
    expect(Math.abs(per[0].alpha - alphaFromCoincidences(units.slice(0, 6)))).toBeLessThan(1e-6);
    expect(Math.abs(per[1].alpha - alphaFromCoincidences(units.slice(6)))).toBeLessThan(1e-6);
  });
});

describe("agreement against Python's krippendorff and numpy (fixture of scripts/reference/agreement_reference.py)", () => {
  it('50 segments, two analysts: alpha, Pearson r, CCC and MAE within 1e-6', () => {
    const { ada, ben, alpha, pearson, ccc, mae } = reference.twoAnalysts;
    expect(ada).toHaveLength(50);
    const labels = ada.flatMap((a, i) => [{ segmentId: `s${i}`, annotator: 'Ada', score: a }, { segmentId: `s${i}`, annotator: 'Ben', score: ben[i] }]);
    const r = agreement(labels, { reps: 50 });
    const p = r.pairs[0];
    expect(p.n).toBe(50);
    for (const [got, want] of [[r.overallAlpha, alpha], [p.alpha, alpha], [p.pearson, pearson], [p.ccc, ccc], [p.mae, mae]]) expect(Math.abs(got - want)).toBeLessThan(1e-6);
  });

  it('three annotators with missing values: alpha within 1e-6', () => {
    const { rows, alpha } = reference.threeWithMissing;
    const units = rows[0].map((_, u) => rows.map((r) => r[u]).filter((v): v is number => v !== null));
    expect(Math.abs(krippendorffIntervalAlpha(units) - alpha)).toBeLessThan(1e-6);
    expect(Math.abs(alphaFromCoincidences(units) - alpha)).toBeLessThan(1e-6);
  });
});
