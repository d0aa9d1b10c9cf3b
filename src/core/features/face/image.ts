/**
 * Pixel work for the face models on raw RGB24 frames, as the extraction API yields them.
 * Bilinear sampling with edge clamping: outside the frame repeats the border, which keeps crops
 * near the frame edge from gaining a black band the expression net never saw in training.
 */
import { AttuneError } from '../../../shared/errors';
import type { FrameSample } from '../../media/extract';

/** One decoded video frame as the extraction API yields it: packed RGB24, row-major, no padding. */
export type RgbFrame = FrameSample;

/** Placement of a frame inside a square model input: model x = frame x · scaleX + padX (y likewise). */
export interface Letterbox {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

export function checkFrame(frame: RgbFrame): void {
  const { width, height, data, tMs } = frame;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 3) {
    throw new AttuneError('BAD_INPUT', `video frame at ${tMs} ms: expected ${width}x${height} RGB24 (${width * height * 3} bytes), got ${data.length} bytes`);
  }
}

/** A byte → float map applied to every sample: a function, or `v / div + add` (the fast path). */
export type SampleMap = ((v: number) => number) | { div: number; add: number };

/**
 * Samples the region (x0, y0, regionW, regionH) of `frame` — which may extend past the frame
 * (clamped) — into `out` at `offset` as outW×outH×3 floats, each byte passed through `map`; rows
 * are `rowStride` floats apart (default outW·3: packed). The column taps and weights are computed
 * once per call, not per pixel and channel; the arithmetic per sample is the same as it always was,
 * so the result is bit-identical to the per-pixel version (image.test.ts keeps that one to compare).
 */
export function sampleRegion(
  frame: RgbFrame,
  region: { x0: number; y0: number; w: number; h: number },
  outW: number,
  outH: number,
  out: Float32Array,
  offset: number,
  map: SampleMap,
  rowStride = outW * 3,
): void {
  const { width: fw, height: fh, data } = frame;
  const sx = region.w / outW;
  const sy = region.h / outH;
  const xa = new Int32Array(outW);
  const xb = new Int32Array(outW);
  const ax = new Float64Array(outW);
  for (let x = 0; x < outW; x++) {
    const fx = Math.min(Math.max(region.x0 + (x + 0.5) * sx - 0.5, 0), fw - 1);
    xa[x] = Math.floor(fx);
    xb[x] = Math.min(xa[x] + 1, fw - 1);
    ax[x] = fx - xa[x];
  }
  const fn = typeof map === 'function' ? map : null;
  const div = fn ? 1 : (map as { div: number }).div;
  const add = fn ? 0 : (map as { add: number }).add;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max(region.y0 + (y + 0.5) * sy - 0.5, 0), fh - 1);
    const ya = Math.floor(fy);
    const yb = Math.min(ya + 1, fh - 1);
    const ay = fy - ya;
    const rowA = ya * fw;
    const rowB = yb * fw;
    let o = offset + y * rowStride;
    for (let x = 0; x < outW; x++) {
      const a = ax[x];
      const p00 = (rowA + xa[x]) * 3;
      const p01 = (rowA + xb[x]) * 3;
      const p10 = (rowB + xa[x]) * 3;
      const p11 = (rowB + xb[x]) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[p00 + c] + (data[p01 + c] - data[p00 + c]) * a;
        const bottom = data[p10 + c] + (data[p11 + c] - data[p10 + c]) * a;
        const v = top + (bottom - top) * ay;
        out[o++] = fn ? fn(v) : v / div + add;
      }
    }
  }
}

/**
 * The whole frame, aspect kept, centred in a size×size input with the rest filled by `fill`
 * (BlazeFace was trained on undistorted faces; stretching a 16:9 frame squashes them).
 */
export function letterbox(frame: RgbFrame, size: number, map: SampleMap, fill: number): { input: Float32Array; box: Letterbox } {
  const scale = size / Math.max(frame.width, frame.height);
  const w = Math.max(1, Math.min(size, Math.round(frame.width * scale)));
  const h = Math.max(1, Math.min(size, Math.round(frame.height * scale)));
  const padX = Math.floor((size - w) / 2);
  const padY = Math.floor((size - h) / 2);
  const input = new Float32Array(size * size * 3);
  if (fill !== 0) input.fill(fill);
  // Straight into place, rows `size` pixels apart.
  sampleRegion(frame, { x0: 0, y0: 0, w: frame.width, h: frame.height }, w, h, input, (padY * size + padX) * 3, map, size * 3);
  return { input, box: { scaleX: w / frame.width, scaleY: h / frame.height, padX, padY } };
}
