import { describe, expect, it } from 'vitest';
import { agreement, bootstrapCi, krippendorffIntervalAlpha, linCcc, pairFigures, pearson, scoreClass, weightedKappa } from './agreement';

describe('agreement statistics against published worked examples', () => {
  it("Krippendorff's alpha, interval: his 4 observers x 12 units example with missing values gives 0.849", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers A-D, units 1-12, '.' = missing.
    const rows = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = rows[0].map((_, u) => rows.map((r) => r[u]).filter((v): v is number => v !== null));
    expect(krippendorffIntervalAlpha(units)).toBeCloseTo(0.849, 3);
    // Perfect agreement is 1; unit 12 (one value) is not pairable and changes nothing.
    expect(krippendorffIntervalAlpha([[1, 1], [2, 2, 2], [3, 3], [5]])).toBe(1);
  });

  it("Cohen's kappa: the 2x2 table [[20, 5], [10, 15]] of 50 items gives 0.4 (with two classes every weighting equals plain kappa)", () => {
    const a: number[] = [];
    const b: number[] = [];
    const add = (x: number, y: number, n: number) => { for (let i = 0; i < n; i++) { a.push(x); b.push(y); } };
    add(0, 0, 20); add(0, 1, 5); add(1, 0, 10); add(1, 1, 15);
    expect(weightedKappa(a, b, 2, 'quadratic')).toBeCloseTo(0.4, 10);
    expect(weightedKappa(a, b, 2, 'linear')).toBeCloseTo(0.4, 10);
  });

  it('quadratic weights penalise a 2-class miss more than a 1-class miss; linear less so', () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 3];
    const near = [1, 1, 2, 3, 4, 5, 6, 3];
    const far = [3, 1, 2, 3, 4, 5, 6, 3];
    expect(weightedKappa(a, near, 7)).toBeGreaterThan(weightedKappa(a, far, 7));
    expect(weightedKappa(a, a, 7)).toBe(1);
  });

  it("Lin's CCC is below Pearson's r when one annotator is shifted, equal when they agree exactly", () => {
    const x = [-2, -1, 0, 1, 2];
    const y = x.map((v) => v + 1);
    expect(pearson(x, y)).toBeCloseTo(1, 12);
    // s_xy = 2, s_x^2 = s_y^2 = 2, shift 1: 4 / (2 + 2 + 1) = 0.8.
    expect(linCcc(x, y)).toBeCloseTo(0.8, 12);
    expect(linCcc(x, x)).toBeCloseTo(1, 12);
  });

  it('scores round to the 7 classes as Acc-7 does (ties to even)', () => {
    expect([-3, -2.6, -0.4, 0, 0.5, 1.5, 1.49, 2.5, 3.4].map(scoreClass)).toEqual([0, 0, 3, 3, 3, 5, 4, 5, 6]);
  });
});

describe('agreement report', () => {
  const labels = (who: string, scores: number[]) => scores.map((score, i) => ({ segmentId: `s${i}`, annotator: who, score }));

  it('pairs only on segments both labelled, ranks disputes by spread, and its interval holds the figure', () => {
    const ada = labels('ada', [3, 2, 1, 0, -1, -2, -3, 2, 1, -1]);
    const ben = labels('ben', [2, 2, 1, 1, -1, -2, -2, -2, 1, -1]).slice(0, 9);
    const cy = labels('cy', [3, 2]);
    const r = agreement([...ada, ...ben, ...cy], { reps: 400 });
    expect(r.annotators).toEqual(['ada', 'ben', 'cy']);
    const ab = r.pairs.find((p) => p.a === 'ada' && p.b === 'ben')!;
    expect(ab.n).toBe(9);
    expect(ab).toMatchObject(pairFigures(ada.slice(0, 9).map((l) => l.score), ben.map((l) => l.score)));
    expect(r.pairs.find((p) => p.b === 'cy' && p.a === 'ada')!.n).toBe(2);
    expect(r.disputed[0]).toEqual({ segmentId: 's7', scores: { ada: 2, ben: -2 }, range: 4 });
    // Segments everyone scored alike are no dispute (s1: ada 2, ben 2, cy 2).
    expect(r.disputed.map((d) => d.segmentId)).not.toContain('s1');
    expect(r.disputed.every((d) => d.range > 0)).toBe(true);
    const [lo, hi] = ab.ci95.ccc!;
    expect(lo).toBeLessThanOrEqual(ab.ccc);
    expect(hi).toBeGreaterThanOrEqual(ab.ccc);
    expect(bootstrapCi([1, 2, 3, 0], [1, 2, 2, 0], 200)).toEqual(bootstrapCi([1, 2, 3, 0], [1, 2, 2, 0], 200));
  });
});
