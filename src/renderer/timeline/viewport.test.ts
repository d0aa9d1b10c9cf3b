import { describe, expect, it } from 'vitest';
import { clampViewport, fitAll, formatClock, itemAt, msToX, tickStep, visibleRange, xToMs, zoomAt } from './viewport';

const segs = Array.from({ length: 2000 }, (_, i) => ({ startMs: i * 3600, endMs: i * 3600 + 3000 }));

describe('timeline viewport', () => {
  it('finds only the segments that can be visible', () => {
    const [from, to] = visibleRange(segs, 36_000, 43_200, 3000);
    expect(from).toBe(10); // segment 9 ends at 35.4 s, before the view
    expect(to).toBe(12);
    expect(visibleRange(segs, 0, 1, 3000)).toEqual([0, 1]);
    expect(visibleRange(segs, 10_000_000, 10_000_100, 3000)).toEqual([2000, 2000]);
  });

  it('finds the segment under a time, and none in a gap', () => {
    expect(itemAt(segs, 3600 * 7 + 10, 3000)).toBe(7);
    expect(itemAt(segs, 3600 * 7 + 3100, 3000)).toBe(-1);
  });

  it('zooms around the pointer and stays within the recording', () => {
    const v = fitAll(7_200_000, 1000);
    expect(v.msPerPx).toBe(7200);
    const z = zoomAt(v, 0.5, 500, 7_200_000);
    expect(z.msPerPx).toBe(3600);
    expect(xToMs(z, 500)).toBeCloseTo(xToMs(v, 500));
    const word = zoomAt(z, 1e-6, 0, 7_200_000);
    expect(word.msPerPx).toBe(1);
    const back = clampViewport({ startMs: 7_199_000, msPerPx: 10, widthPx: 1000 }, 7_200_000);
    expect(back.startMs).toBe(7_190_000);
    expect(msToX(back, 7_200_000)).toBe(1000);
  });

  it('chooses readable ruler steps and clock labels', () => {
    expect(tickStep(1)).toBe(100);
    expect(tickStep(7200)).toBe(600_000);
    expect(formatClock(3_723_450)).toBe('1:02:03');
    expect(formatClock(63_450, 100)).toBe('1:03.4');
    expect(formatClock(63_450, 5)).toBe('1:03.450');
  });
});
