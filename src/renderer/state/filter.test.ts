import { describe, expect, it } from 'vitest';
import { filterSegments, fold, isFiltering, matchRanges, NO_FILTER, speakersOf, type FilterContext } from './filter';
import type { Prediction, Segment } from './store';

const seg = (id: string, speaker: string | null, text: string): Segment => ({ id, recordingId: 'r', startMs: 0, endMs: 1000, speaker, text });
const pred = (id: string, scores: [number, number, number, number], sd: [number, number, number, number] | null, confidence = 0.9): Prediction => ({
  segmentId: id,
  startMs: 0,
  endMs: 1000,
  speaker: null,
  text: '',
  scores: { text: scores[0], audio: scores[1], video: scores[2], fused: scores[3] },
  spread: sd ? { text: sd[0], audio: sd[1], video: sd[2], fused: sd[3] } : { text: null, audio: null, video: null, fused: null },
  confidence,
  modelVersion: 'v',
});

const segs = [seg('a', 'Ada', 'The Résumé looks great'), seg('b', 'Ben', 'I am not sure about the budget'), seg('c', 'Ada', 'budget, BUDGET and more budget'), seg('d', null, 'no speaker here')];
const ctx = (over: Partial<FilterContext> = {}): FilterContext => ({ labels: new Map(), predictions: new Map(), trained: new Set(['text', 'audio', 'video']), ...over });
const ids = (list: Segment[]) => list.map((s) => s.id);

describe('transcript filters (issue 18, feature 8)', () => {
  it('finds every word of the query, ignoring case and accents, and marks each place', () => {
    expect(ids(filterSegments(segs, { ...NO_FILTER, text: 'resume' }, ctx()))).toEqual(['a']);
    expect(ids(filterSegments(segs, { ...NO_FILTER, text: 'Budget' }, ctx()))).toEqual(['b', 'c']);
    expect(ids(filterSegments(segs, { ...NO_FILTER, text: 'budget sure' }, ctx()))).toEqual(['b']);
    expect(matchRanges('budget, BUDGET and more budget', 'budget')).toEqual([[0, 6], [8, 14], [24, 30]]);
    expect(matchRanges('The Résumé looks great', 'resume looks')).toEqual([[4, 10], [11, 16]]);
    expect(matchRanges('aaa', 'a aa')).toEqual([[0, 3]]);
    expect(fold('Ünïcödé')).toHaveLength('Ünïcödé'.length);
    expect(isFiltering({ ...NO_FILTER, text: '   ' })).toBe(false);
  });

  it('keeps one speaker, or the segments without one', () => {
    expect(ids(filterSegments(segs, { ...NO_FILTER, speaker: 'Ada' }, ctx()))).toEqual(['a', 'c']);
    expect(ids(filterSegments(segs, { ...NO_FILTER, speaker: '' }, ctx()))).toEqual(['d']);
    expect(speakersOf(segs)).toEqual(['Ada', 'Ben', '']);
  });

  it('keeps only unlabelled segments, combined with the rest', () => {
    const labels = new Map([['c', { segmentId: 'c', score: 1, note: null, updatedAt: '' }]]);
    expect(ids(filterSegments(segs, { ...NO_FILTER, unlabelled: true }, ctx({ labels })))).toEqual(['a', 'b', 'd']);
    expect(ids(filterSegments(segs, { ...NO_FILTER, unlabelled: true, text: 'budget' }, ctx({ labels })))).toEqual(['b']);
  });

  it('disagreement: trained heads whose 80 % intervals are apart; low confidence: a wide fused interval; unanalysed segments drop out', () => {
    const predictions = new Map([
      // text +2 ± 0.64 vs voice -2 ± 0.64: apart (text and face are not).
      ['a', pred('a', [2, -2, 1.5, 0], [0.5, 0.5, 0.5, 0.3])],
      // the same gap inside wide spreads: no disagreement, but a wide fused interval (2·1.28·1 / 6 = 0.43).
      ['b', pred('b', [2, -2, 0, 0], [2, 2, 2, 1])],
      // an older model without spreads: raw differences, > 1 point.
      ['c', pred('c', [1.5, 0, 0, 0.5], null, 0.55)],
    ]);
    const dis = { ...NO_FILTER, disagreement: true };
    expect(ids(filterSegments(segs, dis, ctx({ predictions })))).toEqual(['a', 'c']);
    // The voice head untrained: its score does not count as disagreement.
    expect(ids(filterSegments(segs, dis, ctx({ predictions, trained: new Set(['text', 'video']) })))).toEqual(['c']);
    expect(ids(filterSegments(segs, { ...NO_FILTER, lowConfidence: true }, ctx({ predictions })))).toEqual(['b', 'c']);
  });
});

describe('search in Japanese text (issue 15)', () => {
  const seg = (id: string, text: string): Segment => ({ id, recordingId: 'r', startMs: 0, endMs: 1000, speaker: null, text });
  const ctx = { labels: new Map(), predictions: new Map(), trained: new Set() } as unknown as FilterContext;

  it('finds words without spaces and keeps voicing marks apart: かく does not find がく', () => {
    const segs = [seg('a', '漢字をかく練習です。'), seg('b', '大学でがくを学ぶ。'), seg('c', '価格は高いです。')];
    expect(filterSegments(segs, { ...NO_FILTER, text: 'かく' }, ctx).map((s) => s.id)).toEqual(['a']);
    expect(filterSegments(segs, { ...NO_FILTER, text: 'がく' }, ctx).map((s) => s.id)).toEqual(['b']);
    expect(filterSegments(segs, { ...NO_FILTER, text: '価格 高い' }, ctx).map((s) => s.id)).toEqual(['c']);
  });

  it('marks the place in the text, offsets unchanged', () => {
    const text = '大学でがくを学ぶ。';
    const [[s, e]] = matchRanges(text, 'がく');
    expect(text.slice(s, e)).toBe('がく');
    expect(fold('がく')).toBe('がく');
    expect(fold('Résumé')).toBe('resume');
  });
});
