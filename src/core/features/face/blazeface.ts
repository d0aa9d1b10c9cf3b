/**
 * BlazeFace (MediaPipe, Apache-2.0; the 256-px model of npm @vladmandic/human converted to ONNX).
 * Input [1,256,256,3] NHWC scaled to [-1, 1]. Outputs, per anchor, a logit and 16 regressors:
 * centre offset (x, y) and size (w, h) in input pixels, then six keypoints. Anchors: a 16×16 grid
 * (stride 16) with 2 per cell, then an 8×8 grid (stride 32) with 6 per cell — 512 + 384 = 896.
 */
import type { ort } from '../../models/runtime';
import { letterbox, type RgbFrame } from './image';

export const BLAZEFACE_SIZE = 256;

export interface FaceBox {
  /** Frame pixels, top-left origin. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface DetectOptions {
  /** Faces below this sigmoid score are ignored (grace_hopper scores ≈ 0.89, a landscape ≈ 0.16). */
  minScore?: number;
  /** Overlapping detections above this IoU are one face. */
  iou?: number;
}

const ANCHORS: Float32Array = (() => {
  const out: number[] = [];
  for (const [stride, perCell] of [
    [16, 2],
    [32, 6],
  ]) {
    const grid = BLAZEFACE_SIZE / stride;
    for (let gy = 0; gy < grid; gy++)
      for (let gx = 0; gx < grid; gx++) for (let k = 0; k < perCell; k++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
  }
  return Float32Array.from(out);
})();
const N_ANCHORS = ANCHORS.length / 2;

export function blazefaceInput(frame: RgbFrame) {
  return letterbox(frame, BLAZEFACE_SIZE, { div: 127.5, add: -1 }, -1); // v / 127.5 - 1
}

/** Detections in frame pixels, best first, after score threshold and non-maximum suppression. */
export function decodeBlazeface(
  outputs: Record<string, ort.Tensor>,
  frame: { width: number; height: number },
  placement: { scaleX: number; scaleY: number; padX: number; padY: number },
  opts: DetectOptions = {},
): FaceBox[] {
  const minScore = opts.minScore ?? 0.5;
  const iou = opts.iou ?? 0.3;
  // The converted graph names its outputs Identity..Identity_3; tell them apart by size, as the
  // shared reference script does: [512×1], [384×1] logits; [512×16], [384×16] regressors.
  const bySize = (n: number) => Object.values(outputs).find((t) => t.data.length === n)?.data as Float32Array | undefined;
  const logits = [bySize(512), bySize(384)];
  const regs = [bySize(512 * 16), bySize(384 * 16)];
  if (logits.some((x) => !x) || regs.some((x) => !x)) throw new Error('BlazeFace model outputs are not the expected 512/384-anchor tensors');
  const minLogit = Math.log(minScore / (1 - minScore));

  const found: FaceBox[] = [];
  for (let a = 0; a < N_ANCHORS; a++) {
    const block = a < 512 ? 0 : 1;
    const i = block === 0 ? a : a - 512;
    const logit = logits[block]![i];
    if (logit < minLogit) continue;
    const r = regs[block]!;
    const cx = r[i * 16] + ANCHORS[a * 2];
    const cy = r[i * 16 + 1] + ANCHORS[a * 2 + 1];
    const w = r[i * 16 + 2];
    const h = r[i * 16 + 3];
    if (!(w > 0 && h > 0)) continue;
    found.push({
      x: (cx - w / 2 - placement.padX) / placement.scaleX,
      y: (cy - h / 2 - placement.padY) / placement.scaleY,
      width: w / placement.scaleX,
      height: h / placement.scaleY,
      score: 1 / (1 + Math.exp(-Math.max(-80, Math.min(80, logit)))),
    });
  }
  return nonMaxSuppression(found, iou).map((b) => clipToFrame(b, frame));
}

export function intersectionOverUnion(a: FaceBox, b: FaceBox): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

function nonMaxSuppression(boxes: FaceBox[], iou: number): FaceBox[] {
  const sorted = [...boxes].sort((p, q) => q.score - p.score);
  const kept: FaceBox[] = [];
  for (const b of sorted) if (kept.every((k) => intersectionOverUnion(k, b) <= iou)) kept.push(b);
  return kept;
}

function clipToFrame(b: FaceBox, frame: { width: number; height: number }): FaceBox {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(frame.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(frame.height, b.y + b.height) - y),
    score: b.score,
  };
}
