import { describe, expect, it } from 'vitest';
import { letterbox, sampleRegion, type RgbFrame } from './image';

/** The per-pixel sampler the models' inputs came from before the fast path: the reference. */
function referenceSample(frame: RgbFrame, region: { x0: number; y0: number; w: number; h: number }, outW: number, outH: number, out: Float32Array, offset: number, map: (v: number) => number): void {
  const { width: fw, height: fh, data } = frame;
  const sx = region.w / outW;
  const sy = region.h / outH;
  let o = offset;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max(region.y0 + (y + 0.5) * sy - 0.5, 0), fh - 1);
    const ya = Math.floor(fy);
    const yb = Math.min(ya + 1, fh - 1);
    const ay = fy - ya;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max(region.x0 + (x + 0.5) * sx - 0.5, 0), fw - 1);
      const xa = Math.floor(fx);
      const xb = Math.min(xa + 1, fw - 1);
      const ax = fx - xa;
      const p00 = (ya * fw + xa) * 3;
      const p01 = (ya * fw + xb) * 3;
      const p10 = (yb * fw + xa) * 3;
      const p11 = (yb * fw + xb) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[p00 + c] + (data[p01 + c] - data[p00 + c]) * ax;
        const bottom = data[p10 + c] + (data[p11 + c] - data[p10 + c]) * ax;
        out[o++] = map(top + (bottom - top) * ay);
      }
    }
  }
}

function referenceLetterbox(frame: RgbFrame, size: number, map: (v: number) => number, fill: number): Float32Array {
  const scale = size / Math.max(frame.width, frame.height);
  const w = Math.max(1, Math.min(size, Math.round(frame.width * scale)));
  const h = Math.max(1, Math.min(size, Math.round(frame.height * scale)));
  const padX = Math.floor((size - w) / 2);
  const padY = Math.floor((size - h) / 2);
  const input = new Float32Array(size * size * 3).fill(fill);
  const inner = new Float32Array(w * h * 3);
  referenceSample(frame, { x0: 0, y0: 0, w: frame.width, h: frame.height }, w, h, inner, 0, map);
  for (let y = 0; y < h; y++) input.set(inner.subarray(y * w * 3, (y + 1) * w * 3), ((y + padY) * size + padX) * 3);
  return input;
}

function noiseFrame(width: number, height: number, seed: number): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { tMs: 0, width, height, data };
}

/** Positions where two inputs differ in any bit (toEqual on 200k floats takes seconds). */
function mismatches(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

describe('sampleRegion / letterbox fast path', () => {
  it('gives bit-identical model inputs to the per-pixel reference (BlazeFace letterbox, expression crops)', () => {
    for (const [w, h] of [[640, 360], [360, 640], [641, 203], [256, 256]]) {
      const frame = noiseFrame(w, h, w * 7 + h);
      expect(mismatches(letterbox(frame, 256, { div: 127.5, add: -1 }, -1).input, referenceLetterbox(frame, 256, (v) => v / 127.5 - 1, -1))).toBe(0);
      // Crops inside, across and past the edges, up- and down-sampled.
      for (const region of [{ x0: 100.3, y0: 40.7, w: 150.2, h: 150.2 }, { x0: -30, y0: -12.5, w: 90, h: 90 }, { x0: w - 40, y0: h - 20, w: 300, h: 300 }, { x0: 5, y0: 5, w: 20, h: 20 }]) {
        const fast = new Float32Array(2 * 112 * 112 * 3).fill(7);
        const ref = new Float32Array(2 * 112 * 112 * 3).fill(7);
        sampleRegion(frame, region, 112, 112, fast, 112 * 112 * 3, { div: 1, add: 0 });
        referenceSample(frame, region, 112, 112, ref, 112 * 112 * 3, (v) => v);
        expect(mismatches(fast, ref)).toBe(0);
      }
    }
  });
});
