/**
 * The one k-fold split (issue 12, item 3), used by tuning's before/after estimate and learning curve
 * (analysis/tune.ts) and by crossValidate (kfold.ts): the items shuffled with a seeded generator,
 * then dealt round-robin, so fold sizes differ by at most one and the same items with the same seed
 * always give the same folds. No TF.js here: tuning imports it on the CLI's start-up path.
 */
import { makeRng, shuffled } from './rng';

export interface KFolds<T> {
  /** The items in their shuffled order (fold f holds order[i] for i % k === f). */
  order: T[];
  folds: T[][];
}

export function kFolds<T>(items: readonly T[], k: number, seed: number): KFolds<T> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k-fold needs a whole k >= 1, got ${k}`);
  const order = shuffled(items, makeRng(seed));
  const folds: T[][] = Array.from({ length: k }, () => []);
  order.forEach((it, i) => folds[i % k].push(it));
  return { order, folds };
}
