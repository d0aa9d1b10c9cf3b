/**
 * Inter-annotator agreement on sentiment scores (-3..3), as analysts compare tools by: Pearson r,
 * Lin's concordance (CCC), MAE, Krippendorff's alpha (interval metric, any number of annotators,
 * missing values allowed) and Cohen's weighted kappa on the 7 integer classes (quadratic weights),
 * each pairwise figure with a seeded percentile-bootstrap 95 % interval over the shared items.
 *
 * Written here rather than taken from npm: the packages that compute Krippendorff's alpha are
 * single-author and unmaintained, and these are a few lines each; the tests check them against
 * Krippendorff's own worked example (2011) and a published kappa table.
 */
import { pearson, roundHalfEven } from '../selfmi/metrics';
import { makeRng } from '../selfmi/rng';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

export { pearson };

/** Lin (1989): 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2), moments over n. */
export function linCcc(x: number[], y: number[]): number {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const d = sxx / n + syy / n + (mx - my) ** 2;
  return d > 0 ? (2 * sxy) / n / d : NaN;
}

/**
 * Krippendorff's alpha, interval metric. `units[u]` holds the values the annotators gave unit u
 * (missing ones left out); units with fewer than two values are not pairable and are ignored.
 * alpha = 1 - D_o / D_e over the coincidences of pairable values.
 */
export function krippendorffIntervalAlpha(units: number[][]): number {
  const pairable = units.filter((u) => u.length >= 2);
  const values = pairable.flat();
  const n = values.length;
  if (n < 2) return NaN;
  let dObs = 0;
  for (const u of pairable) {
    let s = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) s += (u[i] - u[j]) ** 2;
    dObs += s / (u.length - 1);
  }
  dObs /= n;
  // Sum over ordered pairs of all pairable values of (v_i - v_j)^2 = 2 n sum (v - mean)^2.
  const m = mean(values);
  const dExp = (2 * n * values.reduce((a, v) => a + (v - m) ** 2, 0)) / (n * (n - 1));
  return dExp > 0 ? 1 - dObs / dExp : NaN;
}

/** Cohen's weighted kappa for two annotators on classes 0..k-1, weights (i - j)^2 (quadratic) or |i - j| (linear). */
export function weightedKappa(a: number[], b: number[], k: number, weights: 'quadratic' | 'linear' = 'quadratic'): number {
  const n = a.length;
  const obs = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const ra = new Array<number>(k).fill(0);
  const rb = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    obs[a[i]][b[i]] += 1;
    ra[a[i]] += 1;
    rb[b[i]] += 1;
  }
  const w = (i: number, j: number) => (weights === 'quadratic' ? (i - j) ** 2 : Math.abs(i - j));
  let o = 0;
  let e = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      o += w(i, j) * obs[i][j];
      e += (w(i, j) * ra[i] * rb[j]) / n;
    }
  return e > 0 ? 1 - o / e : NaN;
}

/** A score on [-3, 3] as one of the 7 integer classes 0..6, rounded as Acc-7 rounds (selfmi/metrics: ties to even). */
export const scoreClass = (s: number) => roundHalfEven(Math.max(-3, Math.min(3, s))) + 3;

export interface PairFigures {
  n: number;
  pearson: number;
  ccc: number;
  mae: number;
  alpha: number;
  kappa: number;
}
export type Interval = [number, number];
export interface PairAgreement extends PairFigures {
  a: string;
  b: string;
  ci95: Record<Exclude<keyof PairFigures, 'n'>, Interval | null>;
}

export function pairFigures(x: number[], y: number[]): PairFigures {
  return {
    n: x.length,
    pearson: pearson(x, y),
    ccc: linCcc(x, y),
    mae: mean(x.map((v, i) => Math.abs(v - y[i]))),
    alpha: krippendorffIntervalAlpha(x.map((v, i) => [v, y[i]])),
    kappa: weightedKappa(x.map(scoreClass), y.map(scoreClass), 7),
  };
}

/** Percentile bootstrap over shared items, seeded so a figure reads the same twice. */
export function bootstrapCi(x: number[], y: number[], reps = 1000, seed = 20261201): PairAgreement['ci95'] {
  const rng = makeRng(seed);
  const keys = ['pearson', 'ccc', 'mae', 'alpha', 'kappa'] as const;
  const draws: Record<(typeof keys)[number], number[]> = { pearson: [], ccc: [], mae: [], alpha: [], kappa: [] };
  for (let r = 0; r < reps; r++) {
    const idx = x.map(() => Math.floor(rng.next() * x.length));
    const f = pairFigures(idx.map((i) => x[i]), idx.map((i) => y[i]));
    for (const k of keys) if (Number.isFinite(f[k])) draws[k].push(f[k]);
  }
  const q = (s: number[], p: number) => s[Math.min(s.length - 1, Math.max(0, Math.floor(p * (s.length - 1))))];
  return Object.fromEntries(
    keys.map((k) => {
      const s = draws[k].sort((p, r) => p - r);
      return [k, s.length >= reps / 2 ? ([q(s, 0.025), q(s, 0.975)] as Interval) : null];
    }),
  ) as PairAgreement['ci95'];
}

export interface AgreementReport {
  annotators: string[];
  items: number;
  overallAlpha: number;
  pairs: PairAgreement[];
  disputed: { segmentId: string; scores: Record<string, number>; range: number }[];
}

/** `labels`: one current score per (segment, annotator). Pairs use the segments both labelled. */
export function agreement(labels: { segmentId: string; annotator: string; score: number }[], opts: { reps?: number; disputed?: number } = {}): AgreementReport {
  const bySeg = new Map<string, Map<string, number>>();
  for (const l of labels) {
    if (!bySeg.has(l.segmentId)) bySeg.set(l.segmentId, new Map());
    bySeg.get(l.segmentId)!.set(l.annotator, l.score);
  }
  const annotators = [...new Set(labels.map((l) => l.annotator))].sort();
  const pairs: PairAgreement[] = [];
  for (let i = 0; i < annotators.length; i++)
    for (let j = i + 1; j < annotators.length; j++) {
      const [a, b] = [annotators[i], annotators[j]];
      const shared = [...bySeg.values()].filter((m) => m.has(a) && m.has(b));
      const x = shared.map((m) => m.get(a)!);
      const y = shared.map((m) => m.get(b)!);
      const nan = { pearson: NaN, ccc: NaN, mae: NaN, alpha: NaN, kappa: NaN };
      pairs.push({ a, b, ...(x.length ? pairFigures(x, y) : { n: 0, ...nan }), ci95: x.length >= 3 ? bootstrapCi(x, y, opts.reps) : { pearson: null, ccc: null, mae: null, alpha: null, kappa: null } });
    }
  const multi = [...bySeg.entries()].filter(([, m]) => m.size >= 2);
  const disputed = multi
    .map(([segmentId, m]) => {
      const v = [...m.values()];
      return { segmentId, scores: Object.fromEntries(m), range: Math.max(...v) - Math.min(...v) };
    })
    .filter((d) => d.range > 0)
    .sort((p, q) => q.range - p.range || p.segmentId.localeCompare(q.segmentId))
    .slice(0, opts.disputed ?? 20);
  return { annotators, items: multi.length, overallAlpha: krippendorffIntervalAlpha(multi.map(([, m]) => [...m.values()])), pairs, disputed };
}

/**
 * Krippendorff's alpha over everyone within each group (a recording), on the group's segments
 * labelled at least twice; groups in first-seen order.
 */
export function alphaPerGroup(labels: { segmentId: string; annotator: string; score: number; group: string }[]): { group: string; items: number; alpha: number }[] {
  const groups = new Map<string, Map<string, number[]>>();
  for (const l of labels) {
    let g = groups.get(l.group);
    if (!g) groups.set(l.group, (g = new Map()));
    const seg = g.get(l.segmentId);
    if (seg) seg.push(l.score);
    else g.set(l.segmentId, [l.score]);
  }
  return [...groups].map(([group, segs]) => {
    const units = [...segs.values()].filter((u) => u.length >= 2);
    return { group, items: units.length, alpha: krippendorffIntervalAlpha(units) };
  });
}
