import { describe, expect, it } from 'vitest';
import { beatsBySpread, maxSpeakerLabels, meanSd, pairSynthetic, productFolds, sampleLabels, speakerSplit, wholeGroupsUpTo, withoutSiblings } from './adapt-sets';

const clips = [17, 18, 19, 20].flatMap((speaker) => Array.from({ length: 60 }, (_, i) => ({ id: `${speaker}-${i}`, speaker, label: (i % 5) - 2 })));

describe('bench:adapt splits', () => {
  it('labels N clips of one speaker and scores only that speaker’s other clips, disjointly', () => {
    const s = speakerSplit(clips, [17, 18, 19, 20], 20, 2);
    expect(s.speaker).toBe(18);
    expect(s.labelled).toHaveLength(20);
    expect(s.rest).toHaveLength(40);
    expect([...s.labelled, ...s.rest].every((c) => c.speaker === 18)).toBe(true);
    const ids = new Set(s.labelled.map((c) => c.id));
    expect(s.rest.some((c) => ids.has(c.id))).toBe(false);
    // Seeds cycle through the speakers; the same seed gives the same split.
    expect([1, 2, 3, 4, 5].map((k) => speakerSplit(clips, [17, 18, 19, 20], 5, k).speaker)).toEqual([17, 18, 19, 20, 17]);
    expect(speakerSplit(clips, [17, 18, 19, 20], 5, 3).labelled.map((c) => c.id)).toEqual(speakerSplit(clips, [17, 18, 19, 20], 5, 3).labelled.map((c) => c.id));
    expect(speakerSplit(clips, [17, 18, 19, 20], 5, 1).labelled.map((c) => c.id)).not.toEqual(speakerSplit(clips, [17, 18, 19, 20], 5, 5).labelled.map((c) => c.id));
  });

  it('refuses an N that leaves a speaker nothing to score, and says which N fits', () => {
    expect(() => speakerSplit(clips, [17], 60, 1)).toThrow(/60 clips/);
    expect(maxSpeakerLabels(clips, [17, 18], 10)).toBe(50);
  });

  it('samples labels without replacement and keeps everything else', () => {
    const pool = Array.from({ length: 30 }, (_, i) => i);
    const s = sampleLabels(pool, 10, 4);
    expect(new Set(s.labelled).size).toBe(10);
    expect([...s.labelled, ...s.rest].sort((a, b) => a - b)).toEqual(pool);
    expect(() => sampleLabels(pool, 31, 1)).toThrow();
  });

  it('does not score near-duplicate frames of a labelled sequence', () => {
    const frames = ['S1:happy', 'S1:happy', 'S1:sad', 'S2:happy'].map((group, i) => ({ id: i, group }));
    const scored = withoutSiblings({ labelled: [frames[0]], rest: frames.slice(1) }, (f) => f.group);
    expect(scored.map((f) => f.id)).toEqual([2, 3]);
  });

  it('takes whole dialogues until a meeting is full', () => {
    const utt = Array.from({ length: 100 }, (_, i) => ({ dialogue: `d${Math.floor(i / 7)}`, i }));
    const m = wholeGroupsUpTo(utt, (u) => u.dialogue, 30, 1);
    expect(m.length).toBeGreaterThanOrEqual(30);
    const groups = new Set(m.map((u) => u.dialogue));
    // Every chosen dialogue is complete, and no more dialogues than needed were taken.
    for (const g of groups) expect(m.filter((u) => u.dialogue === g)).toHaveLength(utt.filter((u) => u.dialogue === g).length);
    expect(m.length - Math.min(...[...groups].map((g) => m.filter((u) => u.dialogue === g).length))).toBeLessThan(30);
  });

  it('splits folds the way tuneProject does', () => {
    expect(productFolds([1, 2, 3, 4, 5, 6, 7])).toEqual([[1, 6], [2, 7], [3], [4], [5]]);
    expect(productFolds([1, 2, 3])).toHaveLength(3);
    expect(productFolds([1])).toHaveLength(2);
  });
});

describe('bench:adapt synthetic control', () => {
  it('builds the truth from both modalities', () => {
    const a = [{ label: 2 }, { label: -2 }];
    const b = [{ label: 1 }, { label: -1 }];
    const rows = pairSynthetic(a, b, 200, 7);
    for (const r of rows) expect(r.label).toBeCloseTo(0.5 * r.a.label + 0.5 * r.b.label, 12);
    // Both sources vary across rows, so neither modality alone determines the truth.
    expect(new Set(rows.map((r) => r.a.label)).size).toBe(2);
    expect(new Set(rows.map((r) => r.b.label)).size).toBe(2);
    expect(new Set(rows.map((r) => r.label)).size).toBe(4);
  });
});

describe('bench:adapt statistics', () => {
  it('mean and sample sd over finite values', () => {
    expect(meanSd([1, 2, 3, NaN])).toEqual({ mean: 2, sd: 1, n: 3 });
    expect(Number.isNaN(meanSd([4]).sd)).toBe(true);
  });

  it('a gain counts only when it exceeds the seed spread', () => {
    expect(beatsBySpread([1.0, 1.1, 0.9], [0.8, 0.9, 0.7]).beats).toBe(true);
    // Same mean gain (0.2), but the tuned arm's MAE varies more than that over seeds.
    expect(beatsBySpread([1.0, 1.5, 0.5], [0.8, 1.3, 0.3]).beats).toBe(false);
    expect(beatsBySpread([1.0, 1.0], [1.1, 1.1]).beats).toBe(false);
    expect(() => beatsBySpread([1], [1, 2])).toThrow();
  });
});
