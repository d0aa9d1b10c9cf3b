/**
 * Pure helpers of bench:adapt (scripts/bench/adapt.ts): how each set is split into the analyst's N
 * labels, the unlabelled pool and the scored clips, the synthetic two-modality control, and the
 * seed statistics. No I/O, no training: tested in adapt-sets.test.ts.
 */
import { makeRng, shuffled } from '../../src/core/selfmi/rng';

export interface Split<T> {
  /** The N segments the analyst labels. */
  labelled: T[];
  /** Everything else of the set: unlabelled in tuning (CPC's pool), and what is scored. */
  rest: T[];
}

/** N labels drawn (seeded) from `pool`; the rest of the pool stays unlabelled. */
export function sampleLabels<T>(pool: readonly T[], n: number, seed: number): Split<T> {
  if (n > pool.length) throw new Error(`cannot label ${n} of ${pool.length} segments`);
  const order = shuffled(pool, makeRng(seed));
  return { labelled: order.slice(0, n), rest: order.slice(n) };
}

/**
 * New-speaker split: one speaker's clips only (a meeting with that speaker); N labels from them, the
 * speaker's other clips unlabelled and scored. The speaker cycles with the seed, so K seeds visit
 * min(K, speakers) people. Throws when the speaker has no clip left to score.
 */
export function speakerSplit<T extends { speaker: string | number }>(items: readonly T[], speakers: readonly (string | number)[], n: number, seed: number): Split<T> & { speaker: string | number } {
  const speaker = speakers[(seed - 1) % speakers.length];
  const own = items.filter((x) => x.speaker === speaker);
  if (n >= own.length) throw new Error(`speaker ${speaker} has ${own.length} clips: ${n} labels leave none to score`);
  return { ...sampleLabels(own, n, seed * 7919 + 17), speaker };
}

/** Largest N the speaker split allows for every speaker (at least `minScored` clips left to score). */
export function maxSpeakerLabels<T extends { speaker: string | number }>(items: readonly T[], speakers: readonly (string | number)[], minScored: number): number {
  return Math.min(...speakers.map((s) => items.filter((x) => x.speaker === s).length)) - minScored;
}

/**
 * Scored rows of a split where near-duplicates of labelled rows are left out: CK+ gives three
 * nearly identical frames per sequence, so a frame whose sequence (key) has a labelled frame would be
 * scored on what the analyst already labelled.
 */
export function withoutSiblings<T>(split: Split<T>, key: (x: T) => string): T[] {
  const seen = new Set(split.labelled.map(key));
  return split.rest.filter((x) => !seen.has(key(x)));
}

export interface SyntheticRow<A, B> {
  id: string;
  a: A;
  b: B;
  label: number;
}

/**
 * SYNTHETIC two-modality control: `count` rows, each pairing a random real item of modality A with
 * a random real item of modality B (independently drawn), truth = wA·yA + wB·yB. By construction the
 * truth depends on both modalities, and neither alone explains it.
 */
export function pairSynthetic<A extends { label: number }, B extends { label: number }>(as: readonly A[], bs: readonly B[], count: number, seed: number, w: [number, number] = [0.5, 0.5]): SyntheticRow<A, B>[] {
  const rng = makeRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const a = pick(as);
    const b = pick(bs);
    return { id: `synthetic-${seed}-${i}`, a, b, label: w[0] * a.label + w[1] * b.label };
  });
}

/** Mean and sample sd (n - 1) over the finite values; NaN when there are none (sd: fewer than two). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number; n: number } {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length < 2 ? NaN : Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, sd, n: v.length };
}

/**
 * The done-when check: does the tuned arm beat the untuned model on MAE by more than the seed spread?
 * Paired per seed (the same scored clips): gain_k = untuned_k − tuned_k; it beats when the mean gain
 * exceeds the sd of the tuned arm's MAE over seeds and the sd of the gains.
 */
export function beatsBySpread(untuned: readonly number[], tuned: readonly number[]): { gain: number; gainSd: number; spread: number; beats: boolean } {
  if (untuned.length !== tuned.length) throw new Error('paired seeds: both arms need the same seeds');
  const gains = meanSd(untuned.map((u, i) => u - tuned[i]));
  const spread = Math.max(meanSd(tuned).sd, gains.sd);
  return { gain: gains.mean, gainSd: gains.sd, spread, beats: Number.isFinite(spread) && gains.mean > spread };
}

/** "1.234 ± 0.056" (sd omitted when undefined). */
export function pm(s: { mean: number; sd: number }, digits = 3, scale = 1): string {
  if (!Number.isFinite(s.mean)) return 'n/a';
  const m = (s.mean * scale).toFixed(digits);
  return Number.isFinite(s.sd) ? `${m} ± ${(s.sd * scale).toFixed(digits)}` : m;
}

/**
 * A meeting-sized sample of a conversational corpus: whole groups (dialogues) drawn in seeded order
 * until at least `target` items are in; items keep their corpus order.
 */
export function wholeGroupsUpTo<T>(items: readonly T[], group: (x: T) => string, target: number, seed: number): T[] {
  const groups = shuffled([...new Set(items.map(group))].sort(), makeRng(seed));
  const chosen = new Set<string>();
  let count = 0;
  const sizes = new Map<string, number>();
  for (const x of items) sizes.set(group(x), (sizes.get(group(x)) ?? 0) + 1);
  for (const g of groups) {
    if (count >= target) break;
    chosen.add(g);
    count += sizes.get(g)!;
  }
  return items.filter((x) => chosen.has(group(x)));
}

/** tuneProject's folds (analysis/tune.ts): k = clamp(5, 2, N), labelled segment i goes to fold i mod k. */
export function productFolds<T>(labelled: readonly T[], folds = 5): T[][] {
  const k = Math.max(2, Math.min(folds, labelled.length));
  const out: T[][] = Array.from({ length: k }, () => []);
  labelled.forEach((x, i) => out[i % k].push(x));
  return out;
}
