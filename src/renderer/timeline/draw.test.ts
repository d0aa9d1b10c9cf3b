import { describe, expect, it } from 'vitest';
import { drawBase, peakLevels, wordStarts, type TimelineData } from './draw';
import { scoreColor } from './colors';
import { layoutTracks } from './tracks';

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
  const data: TimelineData = { durationMs: 7_200_000, segments, maxLenMs: 3000, speakerIndex: new Map([['A', 0], ['B', 1]]), predictions, labels: new Map(), peaks: null, selectedId: null, loop: false, untrained: new Set(), layout: layoutTracks({ speakers: null, me: null, others: [] }) };

  it('draws only the segments in view', () => {
    const narrow = countingContext();
    drawBase(narrow.ctx, { startMs: 36_000, msPerPx: 10, widthPx: 720 }, data); // 36–43.2 s: segments 10 and 11
    const wide = countingContext();
    drawBase(wide.ctx, { startMs: 0, msPerPx: 2000, widthPx: 3600 }, data);
    // Per visible segment: one speaker block and four score bars.
    expect(wide.counts.fillRect - narrow.counts.fillRect).toBe((2000 - 2) * 5);
  });

  it('draws one block and one bar per lane and pixel column where segments are narrower than a pixel', () => {
    const c = countingContext();
    drawBase(c.ctx, { startMs: 0, msPerPx: 4800, widthPx: 1500 }, data); // 0.625 px a segment
    const rows = data.layout.tracks.length / 2; // the alternate rows' backgrounds, plus the background
    expect(c.counts.fillRect - 1 - Math.floor(rows)).toBeLessThanOrEqual(1500 * 5);
    expect(c.counts.fillRect).toBeGreaterThan(1400 * 5);
  });

  it("puts each speaker's blocks in their own lane", () => {
    const layout = layoutTracks({ speakers: ['B', 'A'], me: null, others: [] });
    const rects: number[] = [];
    const { ctx } = countingContext();
    (ctx as unknown as Record<string, unknown>).fillRect = (_x: number, y: number) => rects.push(y);
    drawBase(ctx, { startMs: 0, msPerPx: 10, widthPx: 720 }, { ...data, layout, predictions: new Map() }); // segments 0 (B) and 1 (A)
    const top = (id: string) => layout.top.get(id)!;
    expect(rects).toContain(top('speaker:B') + 3);
    expect(rects).toContain(top('speaker:A') + 3);
  });

  it("draws another annotator's labels in their own lane, and none there when no lane is asked for", () => {
    const ys = (layout: ReturnType<typeof layoutTracks>) => {
      const rects: number[] = [];
      const { ctx } = countingContext();
      (ctx as unknown as Record<string, unknown>).fillRect = (_x: number, y: number) => rects.push(y);
      drawBase(ctx, { startMs: 0, msPerPx: 10, widthPx: 720 }, { ...data, layout, predictions: new Map(), labels: new Map([['s0', { score: 3 }]]), others: new Map([['Ben', new Map([['s1', { score: -2 }]])]]) });
      return rects;
    };
    const withBen = layoutTracks({ speakers: null, me: 'Ada', others: ['Ben'] });
    const ben = withBen.top.get('annotator:Ben')! + 5;
    const mine = withBen.top.get('labels')! + 5;
    expect(ys(withBen)).toContain(ben);
    expect(ys(withBen)).toContain(mine);
    expect(ys(layoutTracks({ speakers: null, me: 'Ada', others: [] }))).not.toContain(ben);
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
