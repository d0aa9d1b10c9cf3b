/** Pure timeline geometry, kept apart from drawing so it can be tested without a canvas. */

export interface Viewport {
  startMs: number;
  msPerPx: number;
  widthPx: number;
}

/** The closest zoom: about one millisecond per pixel, enough to see single words. */
export const MIN_MS_PER_PX = 1;

export function endMs(v: Viewport): number {
  return v.startMs + v.widthPx * v.msPerPx;
}

export function msToX(v: Viewport, ms: number): number {
  return (ms - v.startMs) / v.msPerPx;
}

export function xToMs(v: Viewport, x: number): number {
  return v.startMs + x * v.msPerPx;
}

export function maxMsPerPx(durationMs: number, widthPx: number): number {
  return Math.max(MIN_MS_PER_PX, durationMs / Math.max(1, widthPx));
}

/** Keeps the view inside the recording, and the zoom between word level and the whole recording. */
export function clampViewport(v: Viewport, durationMs: number): Viewport {
  const msPerPx = Math.min(Math.max(v.msPerPx, MIN_MS_PER_PX), maxMsPerPx(durationMs, v.widthPx));
  const span = v.widthPx * msPerPx;
  const startMs = Math.min(Math.max(0, v.startMs), Math.max(0, durationMs - span));
  return { startMs, msPerPx, widthPx: v.widthPx };
}

/** Zooms by `factor` (<1 zooms in) keeping the time under `anchorX` fixed on screen. */
export function zoomAt(v: Viewport, factor: number, anchorX: number, durationMs: number): Viewport {
  const anchorMs = xToMs(v, anchorX);
  const msPerPx = v.msPerPx * factor;
  return clampViewport({ startMs: anchorMs - anchorX * msPerPx, msPerPx, widthPx: v.widthPx }, durationMs);
}

export function fitAll(durationMs: number, widthPx: number): Viewport {
  return { startMs: 0, msPerPx: maxMsPerPx(durationMs, widthPx), widthPx };
}

interface Span {
  startMs: number;
  endMs: number;
}

/**
 * Index range [from, to) of the items that may intersect [startMs, endMs). Items are sorted by
 * start; `maxLenMs` (the longest item) bounds how far back an overlapping item can begin, so
 * drawing costs O(log n + visible) however long the recording is.
 */
export function visibleRange(items: readonly Span[], startMs: number, endMs: number, maxLenMs: number): [number, number] {
  const from = lowerBound(items, startMs - maxLenMs);
  const to = lowerBound(items, endMs);
  return [from, to];
}

function lowerBound(items: readonly Span[], ms: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].startMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The item under `ms` (the last one starting at or before it that still covers it), or -1. */
export function itemAt(items: readonly Span[], ms: number, maxLenMs: number): number {
  const [from, to] = visibleRange(items, ms, ms + 1, maxLenMs);
  for (let i = to - 1; i >= from; i--) if (items[i].startMs <= ms && ms < items[i].endMs) return i;
  return -1;
}

const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** A ruler step (ms) that puts major ticks at least `minPx` apart. */
export function tickStep(msPerPx: number, minPx = 80): number {
  for (const s of STEPS) if (s / msPerPx >= minPx) return s;
  return STEPS[STEPS.length - 1];
}

export function formatClock(ms: number, stepMs = 1000): string {
  const neg = ms < 0;
  ms = Math.abs(Math.round(ms));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = ms % 1000;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  let out = h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
  if (stepMs < 1000) out += `.${String(frac).padStart(3, '0').slice(0, stepMs < 10 ? 3 : stepMs < 100 ? 2 : 1)}`;
  return (neg ? '-' : '') + out;
}
