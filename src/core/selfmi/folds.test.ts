import { describe, expect, it } from 'vitest';
import { kFolds } from './folds';

const items = Array.from({ length: 23 }, (_, i) => i);

describe('kFolds: the one k-fold split (tune, crossValidate)', () => {
  it('puts every item in exactly one fold, fold sizes within one of each other', () => {
    const { folds, order } = kFolds(items, 5, 1);
    expect(folds.map((f) => f.length).sort()).toEqual([4, 4, 5, 5, 5]);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(items);
    expect([...order].sort((a, b) => a - b)).toEqual(items);
    // Fold f holds order[i] for i % k === f, in that order.
    folds.forEach((f, j) => expect(f).toEqual(order.filter((_, i) => i % 5 === j)));
  });

  it('is shuffled, and the same for the same seed', () => {
    const a = kFolds(items, 5, 1);
    expect(kFolds(items, 5, 1)).toEqual(a);
    // Not the unshuffled round-robin tune used before (neighbours in label order shared no fold).
    expect(a.folds).not.toEqual(Array.from({ length: 5 }, (_, f) => items.filter((i) => i % 5 === f)));
    expect(kFolds(items, 5, 2).folds).not.toEqual(a.folds);
  });

  it('refuses a k that is not a whole number >= 1', () => {
    expect(() => kFolds(items, 0, 1)).toThrow(/k >= 1/);
    expect(() => kFolds(items, 2.5, 1)).toThrow(/k >= 1/);
  });
});
