/**
 * Frames → the chosen face per frame → its 7 expression probabilities (face-api expression net,
 * MIT; [N,112,112,3] RGB 0..255). Detection runs one frame per call (the converted BlazeFace has
 * a fixed batch of 1); the expression net gets all of a call's face crops in one batch.
 */
import type { ExecutionProvider } from '../../../shared/types';
import { AttuneError } from '../../../shared/errors';
import { loadPack, type ModelPack } from '../../models/pack';
import { getSession, mapBatches, MEDIA_PASS_THREADS, ort, type ConcreteProvider } from '../../models/runtime';
import { startStage, zeroStage, type StageTime } from '../../models/stage-clock';
import { blazefaceInput, BLAZEFACE_SIZE, decodeBlazeface, intersectionOverUnion, type DetectOptions, type FaceBox } from './blazeface';
import { chooseFace } from './choose-face';
import { checkFrame, sampleRegion, type RgbFrame } from './image';

export const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

const CROP_SIZE = 112;
const MAX_BATCH = 64;

export interface FaceAnalyzerOptions extends DetectOptions {
  ep?: ExecutionProvider;
  /** Model pack with 'blazeface' and 'face-expression' (default: the verified default pack). */
  pack?: ModelPack;
  /**
   * The expression crop is a square of side max(w, h)·(1 + cropMargin) around the box centre:
   * BlazeFace boxes stop at the brows and chin, while face-api's net was trained on detector
   * boxes that include the forehead and jaw line.
   */
  cropMargin?: number;
  /** ONNX Runtime intra-op threads per model (default MEDIA_PASS_THREADS: the decoder runs beside). */
  threads?: number;
  /**
   * Detection cadence (default DETECT_EVERY): BlazeFace runs on every n-th frame of a call and on its
   * last; a frame between two detections is tracked instead, its box interpolated in time, when both
   * found the same number of faces, their chosen boxes overlap (IoU ≥ TRACK_IOU) and they lie at most
   * TRACK_GAP_MS apart; otherwise it is detected too. 1 detects every frame.
   */
  detectEvery?: number;
}

/**
 * Every other frame is detected (at 2 fps: one BlazeFace run a second) and the ones between tracked.
 * Detection is most of what a frame costs (13.6 of ~19 CPU-ms). Measured: bench:features' 10-min
 * camera-like file, detection 10.1 -> 6.3 CPU-s (62 % of frames still detected: each call's last
 * frame and frames across gaps between windows are); the deviation it costs is face-cadence.test.ts's
 * tolerance (face features ≤ 0.05, maxima ≤ 0.15), and on the sample and the e2e meetings the face
 * head moved ≤ 0.056 and the fused score ≤ 0.031 on −3..3, no sign changed.
 */
export const DETECT_EVERY = 2;
export const TRACK_IOU = 0.5;
export const TRACK_GAP_MS = 1000;

export interface FrameFace {
  tMs: number;
  /** The face the features describe (see choose-face.ts), or null when none was found. */
  face: FaceBox | null;
  /** How many faces passed the threshold. */
  faceCount: number;
  /** Probabilities in EXPRESSIONS order, or null without a face. */
  expressions: Float32Array | null;
}

export class FaceAnalyzer {
  /** Wall and CPU seconds spent so far in detection (letterbox + BlazeFace + decoding) and expression (crops + net). */
  readonly clock: { detect: StageTime; expression: StageTime } = { detect: zeroStage(), expression: zeroStage() };

  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly expression: ort.InferenceSession,
    readonly provider: ConcreteProvider,
    private readonly opts: FaceAnalyzerOptions,
  ) {}

  static async create(opts: FaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
    const pack = opts.pack ?? (await loadPack());
    const labels = pack.entry('face-expression').postprocessing?.labels;
    if (labels && labels.join() !== EXPRESSIONS.join()) {
      throw new AttuneError('BAD_INPUT', `face-expression model labels are ${labels.join(', ')}; this code reads ${EXPRESSIONS.join(', ')}`, {
        file: pack.file('face-expression'),
      });
    }
    const threads = opts.threads ?? MEDIA_PASS_THREADS;
    const det = await getSession(pack.file('blazeface'), opts.ep ?? 'auto', { threads });
    const expr = await getSession(pack.file('face-expression'), opts.ep ?? 'auto', { threads });
    return new FaceAnalyzer(det.session, expr.session, det.provider, opts);
  }

  /** Every face in the frame, best score first, in frame pixels. */
  async detectFaces(frame: RgbFrame): Promise<FaceBox[]> {
    checkFrame(frame);
    const { input, box } = blazefaceInput(frame);
    const out = await this.detector.run({
      [this.detector.inputNames[0]]: new ort.Tensor('float32', input, [1, BLAZEFACE_SIZE, BLAZEFACE_SIZE, 3]),
    });
    return decodeBlazeface(out as Record<string, ort.Tensor>, frame, box, this.opts);
  }

  /** Expression probabilities for each (frame, face box) pair, batched. */
  async classifyExpressions(crops: { frame: RgbFrame; face: FaceBox }[]): Promise<Float32Array[]> {
    const margin = this.opts.cropMargin ?? 0.25;
    const per = CROP_SIZE * CROP_SIZE * 3;
    return mapBatches(crops, MAX_BATCH, async (batch) => {
      const input = new Float32Array(batch.length * per);
      batch.forEach(({ frame, face }, i) => {
        const side = Math.max(face.width, face.height) * (1 + margin);
        const region = { x0: face.x + face.width / 2 - side / 2, y0: face.y + face.height / 2 - side / 2, w: side, h: side };
        sampleRegion(frame, region, CROP_SIZE, CROP_SIZE, input, i * per, { div: 1, add: 0 });
      });
      const out = await this.expression.run({
        [this.expression.inputNames[0]]: new ort.Tensor('float32', input, [batch.length, CROP_SIZE, CROP_SIZE, 3]),
      });
      const probs = out[this.expression.outputNames[0]].data as Float32Array;
      return batch.map((_, i) => probs.slice(i * EXPRESSIONS.length, (i + 1) * EXPRESSIONS.length));
    });
  }

  /** `analyzeFrames` of several segments' frames, with one expression batch for all of them. */
  async analyzeSegments(segments: readonly RgbFrame[][]): Promise<FrameFace[][]> {
    const all = await this.analyzeFrames(segments.flat());
    const out: FrameFace[][] = [];
    let at = 0;
    for (const frames of segments) {
      out.push(all.slice(at, at + frames.length));
      at += frames.length;
    }
    return out;
  }

  /** Frames detected and tracked so far (the cadence's effect, for the benchmark). */
  readonly counts = { detected: 0, tracked: 0 };

  /** The chosen face and the face count of each frame: detected on the cadence, tracked between. */
  private async locate(frames: RgbFrame[]): Promise<{ face: FaceBox | null; faceCount: number }[]> {
    const every = Math.max(1, Math.floor(this.opts.detectEvery ?? DETECT_EVERY));
    const found: ({ face: FaceBox | null; faceCount: number } | null)[] = frames.map(() => null);
    const detectAt = async (i: number) => {
      const faces = await this.detectFaces(frames[i]);
      found[i] = { face: chooseFace(faces, frames[i]), faceCount: faces.length };
      this.counts.detected++;
    };
    for (let i = 0; i < frames.length; i++) if (i % every === 0 || i === frames.length - 1) await detectAt(i);
    for (let i = 0; i < frames.length; i++) {
      if (found[i]) continue;
      const a = i - (i % every);
      const b = Math.min(a + every, frames.length - 1);
      const [fa, fb] = [found[a]!, found[b]!];
      const [ta, t, tb] = [frames[a].tMs, frames[i].tMs, frames[b].tMs];
      if (fa.face && fb.face && fa.faceCount === fb.faceCount && ta < t && t < tb && tb - ta <= TRACK_GAP_MS && intersectionOverUnion(fa.face, fb.face) >= TRACK_IOU) {
        const w = (t - ta) / (tb - ta);
        const lerp = (x: number, y: number) => x + (y - x) * w;
        const face: FaceBox = { x: lerp(fa.face.x, fb.face.x), y: lerp(fa.face.y, fb.face.y), width: lerp(fa.face.width, fb.face.width), height: lerp(fa.face.height, fb.face.height), score: Math.min(fa.face.score, fb.face.score) };
        found[i] = { face, faceCount: fa.faceCount };
        this.counts.tracked++;
      } else await detectAt(i);
    }
    return found as { face: FaceBox | null; faceCount: number }[];
  }

  /** Detection (on the cadence), face choice and expression for each frame (one segment's frames at a time, typically). */
  async analyzeFrames(frames: RgbFrame[]): Promise<FrameFace[]> {
    const out: FrameFace[] = [];
    const crops: { frame: RgbFrame; face: FaceBox }[] = [];
    const owners: number[] = [];
    const detect = startStage(this.clock.detect);
    try {
      for (const [i, { face, faceCount }] of (await this.locate(frames)).entries()) {
        out.push({ tMs: frames[i].tMs, face, faceCount, expressions: null });
        if (face && face.width > 1 && face.height > 1) {
          crops.push({ frame: frames[i], face });
          owners.push(out.length - 1);
        }
      }
    } finally {
      detect.stop();
    }
    const expression = startStage(this.clock.expression);
    const probs = await this.classifyExpressions(crops).finally(() => expression.stop());
    probs.forEach((p, i) => (out[owners[i]].expressions = p));
    return out;
  }
}
