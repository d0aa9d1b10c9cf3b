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
import { blazefaceInput, BLAZEFACE_SIZE, decodeBlazeface, type DetectOptions, type FaceBox } from './blazeface';
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
}

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

  /** Detection, face choice and expression for each frame (one segment's frames at a time, typically). */
  async analyzeFrames(frames: RgbFrame[]): Promise<FrameFace[]> {
    const out: FrameFace[] = [];
    const crops: { frame: RgbFrame; face: FaceBox }[] = [];
    const owners: number[] = [];
    const detect = startStage(this.clock.detect);
    try {
      for (const frame of frames) {
        const faces = await this.detectFaces(frame);
        const face = chooseFace(faces, frame);
        out.push({ tMs: frame.tMs, face, faceCount: faces.length, expressions: null });
        if (face && face.width > 1 && face.height > 1) {
          crops.push({ frame, face });
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
