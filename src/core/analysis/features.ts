/**
 * Computes what is missing of every segment's three feature vectors and caches it:
 * text (MiniLM, all texts batched), voice (prosody/spectral/MFCC from the segment PCM, pauses from
 * Silero VAD) and face (BlazeFace + expression net on frames sampled at 2 fps). Media are decoded
 * once per recording in a streaming pass over the segments that need it; the decoder runs ahead
 * in its own process while the models work, so decoding overlaps inference. Rows are committed as
 * they are computed, so a cancelled run resumes where it stopped. A window that a stream's decoded
 * data does not reach (a truncated file that still probes) gets no features of that modality, not
 * ones computed from the silence and empty frames that pad it, and a warning names file and time.
 */
import type { ExecutionProvider, Recording, Segment } from '../../shared/types';
import { CancelledError } from '../../shared/errors';
import { fmt } from '../formats/transcripts/cues';
import { AUDIO_EXTRACTOR_VERSION, audioFeatureVector, computeVoiceFeatures } from '../features/audio';
import { FaceAnalyzer, summarizeFaces, VIDEO_EXTRACTOR_VERSION, VIDEO_FEATURE_NAMES, videoFeatureVector } from '../features/face';
import { openTextEncoder } from '../features/text';
import { extractSegments, type ExtractedSegment } from '../media/extract';
import type { MediaInfo } from '../media/probe';
import { childCpuSeconds, startStage, zeroStage, type StageTime } from '../models/stage-clock';
import { speechProbabilitiesBatch } from '../segmentation/vad';
import type { Db } from '../store/db';
import { getProbe, listRecordings } from '../store/recordings';
import { listSegments } from '../store/segments';
import { FeatureCache, textKey } from '../store/features';

export const audioVersion = (seg: Segment) => `${AUDIO_EXTRACTOR_VERSION}+vad:${textKey(seg.text)}`;
export const VIDEO_VERSION = VIDEO_EXTRACTOR_VERSION;
/**
 * Windows analysed together: one VAD pass (each window its own row and state: the same
 * probabilities) and one expression batch for all of them. Measured on bench:features' 10-min
 * camera-like file (2 cores, load 14-16): VAD 7.5 -> 3.4 CPU-s; the extractor holds up to 16 ready
 * windows, so 8 leaves the decoder room to run ahead.
 */
export const MEDIA_BATCH = 8;
/** Video rows carry the frame counts after the named values (the baseline's weights). */
export const VIDEO_ROW_LENGTH = VIDEO_FEATURE_NAMES.length + 2;

export interface FeatureProgress {
  (stage: string, done: number, total: number): void;
}

export interface FeatureRunOptions {
  ep?: ExecutionProvider;
  fps?: number;
  signal?: AbortSignal;
  onProgress?: FeatureProgress;
  /** Told, once per recording and stream, when media ran out before segments that need it (default: stderr). */
  onWarning?: (message: string) => void;
  /** Only this recording's segments (a corpus batch analyses one recording per job). */
  recordingId?: string;
  /** A pass whose first window starts late seeks there (default true; media/extract.ts seekStartMs). */
  seek?: boolean;
}

export interface FeatureRunResult {
  computed: { text: number; audio: number; video: number };
  cached: number;
  providers: { text: string | null; face: string | null };
  seconds: { text: number; decodeAndVoiceAndFace: number; voice: number; face: number; commit: number };
  /**
   * Wall and CPU seconds per stage (see models/stage-clock.ts). `decode` wall is the time the
   * pipeline waited for the decoder (decoding overlaps inference, so it is not the decode's own
   * length) and its CPU is ffmpeg's (null where /proc is not there).
   */
  stages: FeatureStages;
  /** Transactions that stored voice/face rows (one per segment: see mediaPass). */
  commits: number;
  /** Work done, for throughput figures: seconds of segment audio, frames through the face models. */
  amounts: { audioSeconds: number; frames: number; framesDetected: number };
  /** Segments marked as having no features of a modality because its stream ended before them. */
  ranOut: { audio: number; video: number };
  warnings: string[];
}

export interface FeatureStages {
  text: StageTime;
  decode: { wall: number; cpu: number | null };
  voice: StageTime;
  vad: StageTime;
  faceDetect: StageTime;
  expression: StageTime;
  store: StageTime;
}

const zeroStages = (): FeatureStages => ({ text: zeroStage(), decode: { wall: 0, cpu: 0 }, voice: zeroStage(), vad: zeroStage(), faceDetect: zeroStage(), expression: zeroStage(), store: zeroStage() });

export async function computeMissingFeatures(db: Db, opts: FeatureRunOptions = {}): Promise<FeatureRunResult> {
  const cache = new FeatureCache(db);
  const recordings = listRecordings(db).filter((r) => opts.recordingId === undefined || r.id === opts.recordingId);
  const segments = listSegments(db, opts.recordingId);
  const byRec = new Map(recordings.map((r) => [r.id, r] as const));
  const result: FeatureRunResult = { computed: { text: 0, audio: 0, video: 0 }, cached: 0, providers: { text: null, face: null }, seconds: { text: 0, decodeAndVoiceAndFace: 0, voice: 0, face: 0, commit: 0 }, commits: 0, amounts: { audioSeconds: 0, frames: 0, framesDetected: 0 }, ranOut: { audio: 0, video: 0 }, warnings: [], stages: zeroStages() };
  const check = () => {
    if (opts.signal?.aborted) throw new CancelledError('feature computation cancelled');
  };

  // Text: everything missing in one batched pass.
  const t0 = performance.now();
  const textStage = startStage(result.stages.text);
  const encoder = await openTextEncoder({ ep: opts.ep });
  result.providers.text = encoder.provider;
  const textVersion = (s: Segment) => `${encoder.version}:${textKey(s.text)}`;
  const needText = segments.filter((s) => !cache.has(s, 'text', textVersion(s)));
  for (let at = 0; at < needText.length; at += 128) {
    check();
    const chunk = needText.slice(at, at + 128);
    const vecs = await encoder.embed(chunk.map((s) => s.text || ' '));
    cache.putMany(chunk.map((seg, i) => ({ seg, modality: 'text' as const, version: textVersion(seg), data: vecs[i], provider: encoder.provider })));
    result.computed.text += chunk.length;
    opts.onProgress?.('text', Math.min(at + 128, needText.length), needText.length);
  }
  result.seconds.text = (performance.now() - t0) / 1000;
  textStage.stop();

  // Voice and face: one decode pass per recording over the segments that need either.
  const t1 = performance.now();
  const needMedia = segments.filter((s) => {
    const rec = byRec.get(s.recordingId)!;
    return (rec.hasAudio && !cache.has(s, 'audio', audioVersion(s))) || (rec.hasVideo && !cache.has(s, 'video', VIDEO_VERSION));
  });
  result.cached = segments.length - needMedia.length;
  let face: FaceAnalyzer | null = null;
  let done = 0;
  for (const rec of recordings) {
    const todo = needMedia.filter((s) => s.recordingId === rec.id);
    if (todo.length === 0) continue;
    // Only the streams some segment still needs are decoded (a text edit changes the voice key only).
    const needAudio = rec.hasAudio && todo.some((s) => !cache.has(s, 'audio', audioVersion(s)));
    const needVideo = rec.hasVideo && todo.some((s) => !cache.has(s, 'video', VIDEO_VERSION));
    if (needVideo && !face) {
      face = await FaceAnalyzer.create({ ep: opts.ep });
      result.providers.face = face.provider;
    }
    // The probe stored at import is the media's description; the path is the recording's own.
    const info: MediaInfo = { ...(getProbe<MediaInfo>(db, rec.id) as MediaInfo), path: rec.mediaPath };
    await mediaPass(info, rec, todo, cache, needVideo ? face : null, needAudio, opts, result, () => opts.onProgress?.('voice+face', ++done, needMedia.length));
  }
  if (face) {
    result.amounts.framesDetected = face.counts.detected;
    result.stages.faceDetect = { ...face.clock.detect };
    result.stages.expression = { ...face.clock.expression };
  }
  result.seconds.decodeAndVoiceAndFace = (performance.now() - t1) / 1000;
  return result;
}

async function mediaPass(info: MediaInfo, rec: Recording, todo: Segment[], cache: FeatureCache, face: FaceAnalyzer | null, audio: boolean, opts: FeatureRunOptions, result: FeatureRunResult, tick: () => void): Promise<void> {
  const byId = new Map(todo.map((s) => [s.id, s] as const));
  const pending: Parameters<FeatureCache['putMany']>[0] = [];
  // One transaction per segment: a kill loses at most the batch in flight (MEDIA_BATCH segments), and
  // a segment's progress tick means its rows are on disk. bench:features prints what the fsyncs cost.
  const flush = () => {
    if (!pending.length) return;
    const tc = performance.now();
    const store = startStage(result.stages.store);
    cache.putMany(pending.splice(0));
    store.stop();
    result.seconds.commit += (performance.now() - tc) / 1000;
    result.commits++;
  };
  // Per stream: where it ended and how many segments that left without features.
  const short = { audio: { at: Infinity, segments: 0 }, video: { at: Infinity, segments: 0 } };
  const ranOut = (modality: 'audio' | 'video', atMs: number, seg: Segment) => {
    short[modality].at = Math.min(short[modality].at, atMs);
    short[modality].segments++;
    result.ranOut[modality]++;
    pending.push({ seg, modality, version: modality === 'audio' ? audioVersion(seg) : VIDEO_VERSION, data: FeatureCache.ABSENT, provider: null });
  };
  const childCpu0 = childCpuSeconds();
  const items = extractSegments(info, todo, { fps: opts.fps ?? 2, audio, video: rec.hasVideo && face !== null, signal: opts.signal, seek: opts.seek });
  try {
    for (let ended = false; !ended; ) {
      // Up to MEDIA_BATCH ready windows at a time (the decoder keeps running ahead meanwhile), so VAD
      // and the expression net take one call for all of them.
      const batch: ExtractedSegment[] = [];
      while (batch.length < MEDIA_BATCH) {
        // The wait for the next ready window: the decoder's share of the wall that inference does not hide.
        const tw = performance.now();
        const got = await items.next();
        result.stages.decode.wall += (performance.now() - tw) / 1000;
        if (got.done) {
          ended = true;
          break;
        }
        batch.push(got.value);
      }
      const segOf = (item: ExtractedSegment) => byId.get(item.segment.id)!;
      const voiceItems = batch.filter((item) => audio && item.ranOut.audio === null && !cache.has(segOf(item), 'audio', audioVersion(segOf(item))));
      const faceItems = batch.filter((item) => rec.hasVideo && face && item.ranOut.video === null && !cache.has(segOf(item), 'video', VIDEO_VERSION));
      const tv = performance.now();
      const vad = startStage(result.stages.vad);
      const speechProbs = await speechProbabilitiesBatch(voiceItems.map((item) => item.pcm), { signal: opts.signal }).finally(() => vad.stop());
      result.seconds.voice += (performance.now() - tv) / 1000;
      const tf = performance.now();
      const faceFrames = face ? await face.analyzeSegments(faceItems.map((item) => item.frames)) : [];
      result.seconds.face += (performance.now() - tf) / 1000;
      // Stored one segment at a time, in the order they came.
      for (const item of batch) {
        const seg = segOf(item);
        if (audio && !cache.has(seg, 'audio', audioVersion(seg))) {
          const k = voiceItems.indexOf(item);
          if (k < 0) ranOut('audio', item.ranOut.audio!, seg);
          else {
            const tw = performance.now();
            const voice = startStage(result.stages.voice);
            const values = computeVoiceFeatures(item.pcm, { text: seg.text, speechProb: speechProbs[k] });
            voice.stop();
            result.seconds.voice += (performance.now() - tw) / 1000;
            result.amounts.audioSeconds += item.pcm.length / 16000;
            pending.push({ seg, modality: 'audio', version: audioVersion(seg), data: audioFeatureVector(values), provider: 'cpu' });
            result.computed.audio++;
          }
        }
        if (rec.hasVideo && face && !cache.has(seg, 'video', VIDEO_VERSION)) {
          const k = faceItems.indexOf(item);
          if (k < 0) ranOut('video', item.ranOut.video!, seg);
          else {
            const summary = summarizeFaces(faceFrames[k]);
            result.amounts.frames += item.frames.length;
            const row = new Float32Array(VIDEO_ROW_LENGTH);
            row.set(videoFeatureVector(summary.values));
            row[VIDEO_FEATURE_NAMES.length] = summary.frames;
            row[VIDEO_FEATURE_NAMES.length + 1] = summary.faceFrames;
            pending.push({ seg, modality: 'video', version: VIDEO_VERSION, data: row, provider: face.provider });
            result.computed.video++;
          }
        }
        flush();
        tick();
      }
    }
  } finally {
    await items.return(undefined);
    flush();
    const childCpu1 = childCpuSeconds();
    const d = result.stages.decode;
    d.cpu = d.cpu === null || childCpu0 === null || childCpu1 === null ? null : d.cpu + childCpu1 - childCpu0;
  }
  for (const [modality, s] of Object.entries(short)) {
    if (s.segments === 0) continue;
    const what = modality === 'audio' ? 'voice' : 'face';
    const message = `${info.path}: the ${modality} stream ends at ${fmt(s.at)} of ${fmt(info.durationMs)} (truncated or damaged file?); ${s.segments} segment${s.segments === 1 ? '' : 's'} reaching past it ${s.segments === 1 ? 'has' : 'have'} no ${what} features`;
    result.warnings.push(message);
    (opts.onWarning ?? ((m: string) => process.stderr.write(`attune: ${m}\n`)))(message);
  }
}

