import { describe, expect, it } from 'vitest';
import { cuesToSegments, DEFAULT_POLICY } from './cues-to-segments';

const cue = (startMs: number, endMs: number, speaker: string | null, text: string) => ({ startMs, endMs, speaker, text });

describe('cuesToSegments', () => {
  it('merges fragments of one speaker separated by a short gap', () => {
    const segs = cuesToSegments([cue(0, 1500, 'Ann', 'So what I was'), cue(1600, 3000, 'Ann', 'trying to say is this.'), cue(3100, 5000, 'Bob', 'Right.')]);
    expect(segs).toEqual([
      { startMs: 0, endMs: 3000, speaker: 'Ann', text: 'So what I was trying to say is this.' },
      { startMs: 3100, endMs: 5000, speaker: 'Bob', text: 'Right.' },
    ]);
  });

  it('keeps complete sentences apart and never merges across speakers or long gaps', () => {
    const segs = cuesToSegments([cue(0, 2000, 'Ann', 'First point.'), cue(2100, 4000, 'Ann', 'Second point.'), cue(4100, 5000, 'Bob', 'and'), cue(6000, 7000, 'Bob', 'then')]);
    expect(segs.map((s) => s.text)).toEqual(['First point.', 'Second point.', 'and', 'then']);
  });

  it('splits a cue longer than the maximum into parts within it, in order, covering the cue', () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const segs = cuesToSegments([cue(10_000, 70_000, 'Ann', text)]);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    expect(segs[0].startMs).toBe(10_000);
    expect(segs[segs.length - 1].endMs).toBe(70_000);
    for (let i = 1; i < segs.length; i++) expect(segs[i].startMs).toBe(segs[i - 1].endMs);
    for (const s of segs) expect(s.endMs - s.startMs).toBeLessThanOrEqual(DEFAULT_POLICY.maxMs + 5000);
    expect(segs.map((s) => s.text).join(' ')).toBe(text);
  });

  it('cuts a huge first sentence again at word boundaries', () => {
    const long = `${Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')}.`;
    const text = `${long} ${Array.from({ length: 10 }, (_, i) => `Ok ${i}.`).join(' ')}`;
    const segs = cuesToSegments([cue(0, 60_000, 'Ann', text)]);
    for (const s of segs) expect(s.endMs - s.startMs).toBeLessThanOrEqual(DEFAULT_POLICY.maxMs + 5000);
    expect(segs[segs.length - 1].endMs).toBe(60_000);
    expect(segs.map((s) => s.text).join(' ')).toBe(text);
  });

  it('drops empty cues and sorts by time', () => {
    const segs = cuesToSegments([cue(5000, 6000, null, 'later.'), cue(0, 1000, null, '  '), cue(1000, 2500, null, 'earlier.')]);
    expect(segs.map((s) => s.startMs)).toEqual([1000, 5000]);
  });

  it('Japanese: merges caption fragments with no space between, keeps sentences ending in 。！？ apart', () => {
    const segs = cuesToSegments([
      cue(0, 1500, '田中', '今日は新しい'),
      cue(1600, 3000, '田中', 'プランについて話します。'),
      cue(3100, 5000, '田中', '価格はいかがですか？'),
      cue(5100, 7000, '田中', 'とても良いですね！'),
      cue(7100, 9000, 'Bob', 'OKです。'),
    ]);
    expect(segs.map((s) => s.text)).toEqual(['今日は新しいプランについて話します。', '価格はいかがですか？', 'とても良いですね！', 'OKです。']);
  });

  it('mixed Japanese and English: a space only between two English pieces', () => {
    const segs = cuesToSegments([cue(0, 1500, 'A', 'the revenue'), cue(1600, 3000, 'A', 'forecastを'), cue(3100, 3500, 'A', 'reviewします。')]);
    expect(segs.map((s) => s.text)).toEqual(['the revenue forecastをreviewします。']);
  });

  it('splits a long Japanese cue at 。！？, every character kept, no spaces added', () => {
    const text = Array.from({ length: 12 }, (_, i) => `これは${i}番目の文です${i % 3 === 0 ? '！' : i % 3 === 1 ? '？' : '。'}`).join('');
    const segs = cuesToSegments([cue(0, 60_000, '田中', text)]);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    for (const s of segs) expect(s.text).toMatch(/[。！？]$/);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs[segs.length - 1].endMs).toBe(60_000);
  });

  it('splits one long Japanese sentence at word boundaries (no spaces to find them by)', () => {
    const text = `${'私たちは来年の予算と新しい製品の計画について'.repeat(8)}話しました。`;
    const segs = cuesToSegments([cue(0, 50_000, '田中', text)]);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    for (const s of segs) expect(s.endMs - s.startMs).toBeLessThanOrEqual(DEFAULT_POLICY.maxMs + 5000);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });
});
