import { describe, expect, it } from 'vitest';
import { dropEdge, edgeAt, snapToSilence } from './edge-drag';

// 100 peaks per second: one per 10 ms. Speech 0-500 ms, a pause 500-700 ms, speech again after.
const peaks = { peaksPerSecond: 100, peaks: Float32Array.from({ length: 200 }, (_, i) => (i >= 50 && i < 70 ? 0.01 : 0.6 + 0.1 * Math.sin(i))) };

describe('dragging a segment edge (issue 18, feature 10)', () => {
  it('grabs the edge under the pointer, within 5 px', () => {
    const v = { startMs: 0, msPerPx: 10, widthPx: 500 };
    const seg = { startMs: 1000, endMs: 2000 }; // x 100 .. 200
    expect(edgeAt(v, seg, 103)).toBe('start');
    expect(edgeAt(v, seg, 196)).toBe('end');
    expect(edgeAt(v, seg, 150)).toBeNull();
    expect(edgeAt(v, { startMs: 1000, endMs: 1040 }, 103)).toBe('end'); // 4 px wide: the nearer edge
  });

  it('snaps to the quietest point nearby when it is clearly quieter, else stays where dropped', () => {
    expect(snapToSilence(470, peaks, 50)).toBe(500); // the pause starts 30 ms later
    expect(snapToSilence(730, peaks, 50)).toBe(690);
    expect(snapToSilence(300, peaks, 50)).toBe(300); // all speech around: no pause to snap to
    expect(snapToSilence(600, peaks, 50)).toBe(600); // inside the pause: it is already quiet there
    expect(snapToSilence(470, null, 50)).toBe(470);
  });

  it('keeps the edge inside the recording and 50 ms from the other edge; Alt drops it unsnapped', () => {
    const seg = { startMs: 1000, endMs: 1200 };
    const opts = { durationMs: 1900, peaks, radiusMs: 50, free: false };
    expect(dropEdge(seg, 'end', 1100, opts)).toBe(1100);
    expect(dropEdge(seg, 'end', 900, opts)).toBe(1050);
    expect(dropEdge(seg, 'start', 1190, opts)).toBe(1150);
    expect(dropEdge(seg, 'end', 5000, opts)).toBe(1900);
    expect(dropEdge({ startMs: 0, endMs: 470 }, 'end', 470, opts)).toBe(500);
    expect(dropEdge({ startMs: 0, endMs: 470 }, 'end', 470, { ...opts, free: true })).toBe(470);
  });
});
