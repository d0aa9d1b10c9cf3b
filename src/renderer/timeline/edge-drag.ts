/**
 * Dragging a segment's edge on the timeline (issue 18, feature 10): which edge the pointer is on,
 * and where a dropped edge lands, snapped to the quietest point nearby (a pause between words),
 * kept at least MIN_LEN_MS from the other edge.
 */
import type { Viewport } from './viewport';
import { msToX } from './viewport';

/** The backend refuses segments shorter than this (service/segment-edits.ts). */
export const MIN_LEN_MS = 50;
/** How close (px) to an edge the pointer grabs it. */
export const GRAB_PX = 5;

export function edgeAt(v: Viewport, seg: { startMs: number; endMs: number }, x: number): 'start' | 'end' | null {
  const xs = msToX(v, seg.startMs);
  const xe = msToX(v, seg.endMs);
  const ds = Math.abs(x - xs);
  const de = Math.abs(x - xe);
  if (Math.min(ds, de) > GRAB_PX) return null;
  // A segment narrower than two grab zones: the nearer edge.
  return ds <= de ? 'start' : 'end';
}

/**
 * The quietest point within `radiusMs` of `ms` by the waveform's peaks, if it is clearly quieter
 * than the loudest there (under a quarter of it): an edge dropped near a pause lands in the pause.
 * Ties go to the point nearest `ms`. Without peaks (no audio, not loaded yet) `ms` itself.
 */
export function snapToSilence(ms: number, peaks: { peaksPerSecond: number; peaks: Float32Array } | null, radiusMs: number): number {
  if (!peaks || peaks.peaks.length === 0 || radiusMs <= 0) return Math.round(ms);
  const per = 1000 / peaks.peaksPerSecond;
  const c = Math.round(ms / per);
  const r = Math.max(1, Math.round(radiusMs / per));
  let best = -1;
  let bestV = Infinity;
  let loud = 0;
  for (let d = 0; d <= r; d++) {
    for (const i of d === 0 ? [c] : [c - d, c + d]) {
      if (i < 0 || i >= peaks.peaks.length) continue;
      const v = peaks.peaks[i];
      loud = Math.max(loud, v);
      if (v < bestV) {
        bestV = v;
        best = i;
      }
    }
  }
  if (best < 0 || loud === 0 || bestV > loud / 4) return Math.round(ms);
  return Math.round(best * per);
}

/** Where the dragged edge ends up: snapped (unless `free`), inside the recording, and not past the other edge. */
export function dropEdge(seg: { startMs: number; endMs: number }, edge: 'start' | 'end', ms: number, opts: { durationMs: number; peaks: { peaksPerSecond: number; peaks: Float32Array } | null; radiusMs: number; free: boolean }): number {
  const at = opts.free ? Math.round(ms) : snapToSilence(ms, opts.peaks, opts.radiusMs);
  if (edge === 'start') return Math.max(0, Math.min(at, seg.endMs - MIN_LEN_MS));
  return Math.min(opts.durationMs, Math.max(at, seg.startMs + MIN_LEN_MS));
}
