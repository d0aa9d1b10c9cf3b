import { describe, expect, it } from 'vitest';
import { drawBase, peakLevels, wordStarts, type TimelineData } from './draw';
import { scoreColor } from './colors';

describe('waveform pyramid', () => {
  it('keeps the loudest peak at every level, so zooming out never hides a loud moment', () => {
    const peaks = new Float32Array(1000).fill(0.1);
    peaks[777] = 0.9;
    const levels = peakLevels(peaks);
    expect(levels[0]).toBe(peaks);
    expect(levels.at(-1)).toHaveLength(1);
    for (const level of levels) expect(Math.max(...level)).toBeCloseTo(0.9);
    expect(levels[3][Math.floor(777 / 8)]).toBeCloseTo(0.9);
    expect(peakLevels(peaks)).toBe(levels); // built once per array
  });
});

describe('score colours', () => {
  it('run red through grey to green and are cached', () => {
    expect(scoreColor(-3)).toBe('rgb(232,93,86)');
    expect(scoreColor(0)).toBe('rgb(138,143,152)');
    expect(scoreColor(3)).toBe('rgb(74,196,110)');
    expect(scoreColor(99)).toBe(scoreColor(3));
  });
});

/** A 2D context that only counts what is drawn. */
function countingContext() {
  const counts = { fillRect: 0, fillText: 0 };
  const ctx = new Proxy({} as Record<string, unknown>, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      if (prop === 'fillRect' || prop === 'fillText') return () => counts[prop]++;
      return () => {};
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, counts };
}

describe('drawBase', () => {
  const segments = Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, recordingId: 'r', startMs: i * 3600, endMs: i * 3600 + 3000, speaker: i % 2 ? 'A' : 'B', text: 'words' }));
  const predictions = new Map(segments.map((s) => [s.id, { segmentId: s.id, startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, text: s.text, scores: { text: 1, audio: -1, video: 0.5, fused: 2 }, spread: { text: 1, audio: 1, video: 1, fused: 0.6 }, confidence: 0.8, modelVersion: 'v' }]));
  const data: TimelineData = { durationMs: 7_200_000, segments, maxLenMs: 3000, speakerIndex: new Map([['A', 0], ['B', 1]]), predictions, labels: new Map(), peaks: null, selectedId: null, loop: false, untrained: new Set() };

  it('draws only the segments in view', () => {
    const narrow = countingContext();
    drawBase(narrow.ctx, { startMs: 36_000, msPerPx: 10, widthPx: 720 }, data); // 36–43.2 s: segments 10 and 11
    const wide = countingContext();
    drawBase(wide.ctx, { startMs: 0, msPerPx: 4800, widthPx: 1500 }, data);
    // Per visible segment: one speaker block and four score bars.
    expect(wide.counts.fillRect - narrow.counts.fillRect).toBe((2000 - 2) * 5);
  });
});

describe('wordStarts', () => {
  it('shares the time by characters, as the backend does when it splits', () => {
    // "for" starts at character 25 of 44: a split at 25/44 of the time cuts right before it.
    const words = wordStarts('The meeting is scheduled for Tuesday at ten.', 4000, 8400);
    expect(words.map((w) => w.word)).toEqual(['The', 'meeting', 'is', 'scheduled', 'for', 'Tuesday', 'at', 'ten.']);
    expect(words[0].ms).toBe(4000);
    expect(words[4].ms).toBe(4000 + (4400 * 25) / 44);
  });
});
