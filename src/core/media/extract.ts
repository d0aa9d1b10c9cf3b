/**
 * One streaming ffmpeg decode pass per recording yields, for every segment, its 16 kHz mono float
 * PCM window and RGB frames sampled on a fixed grid (default 2 fps) inside the window. Audio goes
 * to stdout and video to fd 3 of the same process, so the file is demuxed and decoded once; B-frames
 * are skipped (`-skip_frame noref`) because sparse sampling does not need them (DESIGN.md §2).
 * Memory stays bounded: only samples and frames still needed by a pending segment are kept, and
 * ffmpeg is paused while the consumer is behind. A pass whose first window starts late in the file
 * (a re-score after an edit) seeks there first (`-ss` before `-i`: ffmpeg's accurate seek, decoding
 * from the keyframe before the seek point and dropping what precedes it) instead of decoding the
 * whole file up to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CancelledError, InputError } from '../../shared/errors';
import { resolveTool } from './ffmpeg-path';
import type { MediaInfo } from './probe';

export const SAMPLE_RATE = 16_000;

export interface FrameSample {
  tMs: number;
  width: number;
  height: number;
  /** RGB24, row-major, width*height*3 bytes. */
  data: Uint8Array;
}

export interface SegmentWindow {
  id: string;
  startMs: number;
  endMs: number;
}

export interface ExtractedSegment {
  segment: SegmentWindow;
  pcm: Float32Array;
  frames: FrameSample[];
  /**
   * Where a stream's decoded data ended, in ms, when that was before this window's end (beyond
   * `END_SLACK_MS`; a truncated or damaged file, or a stream shorter than the others); null while
   * the window was decoded. The window's `pcm` / `frames` past that point are padding, not media.
   */
  ranOut: { audio: number | null; video: number | null };
  /** Where this pass's decode started, in ms: 0, or the seek point (see seekStartMs). */
  decodedFromMs: number;
}

/** How far short of a window's end a stream may stop and still count as covering it (container rounding). */
export const END_SLACK_MS = 250;

/**
 * A pass seeks to this much (plus one frame interval) before its first window, so the first frame
 * ffmpeg's fps filter takes after the seek (possibly a different one from the one it would have
 * taken without) and the first audio frame the decoder has no overlap for fall outside every window.
 */
export const SEEK_PREROLL_MS = 2000;
/** Below this a seek saves too little decoding to be worth it: the pass decodes from the start. */
export const SEEK_MIN_MS = 10_000;

/**
 * Where a pass over `windows` starts decoding: 0, or a point on the frame grid (so the frames after
 * a seek fall on the same grid as without it) SEEK_PREROLL_MS before the first window needs data.
 */
export function seekStartMs(windows: readonly SegmentWindow[], fps: number): number {
  if (windows.length === 0 || !(fps > 0)) return 0;
  const interval = 1000 / fps;
  const first = Math.min(...windows.map((w) => w.startMs));
  const k = Math.floor((first - interval - SEEK_PREROLL_MS) / interval);
  const at = k * interval;
  return at >= SEEK_MIN_MS ? at : 0;
}

export interface ExtractOptions {
  fps?: number;
  /** Frames are scaled down to at most this width (aspect kept) before they reach JS. */
  frameMaxWidth?: number;
  audio?: boolean;
  video?: boolean;
  signal?: AbortSignal;
  onProgress?: (decodedMs: number, totalMs: number) => void;
  /** How many ready segments may wait for the consumer before ffmpeg is paused. */
  highWaterMark?: number;
  /** Seek to the first window when it starts late in the file (default true; see seekStartMs). */
  seek?: boolean;
}

export function frameSize(info: Pick<MediaInfo, 'width' | 'height'>, maxWidth: number): { width: number; height: number } {
  const w = info.width ?? 0;
  const h = info.height ?? 0;
  if (w <= 0 || h <= 0) return { width: 0, height: 0 };
  const width = Math.min(w, maxWidth) & ~1;
  const height = Math.max(2, Math.round((h * width) / w / 2) * 2);
  return { width, height };
}

/** The ffmpeg argv for one pass; exported so the benchmark can time the bare decode floor. */
export function decodeArgs(info: MediaInfo, opts: { fps: number; width: number; height: number; audio: boolean; video: boolean; audioOut: string; videoOut: string; seekMs?: number }): string[] {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (opts.video) args.push('-skip_frame:v', 'noref');
  // An input option: the demuxer seeks, and output timestamps restart at 0 there (the caller adds it back).
  if (opts.seekMs) args.push('-ss', (opts.seekMs / 1000).toFixed(3));
  args.push('-i', info.path);
  if (opts.audio) {
    args.push('-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-af', 'aresample=async=1:first_pts=0', '-f', 'f32le', opts.audioOut);
  }
  if (opts.video) {
    args.push('-map', '0:v:0', '-an', '-sn', '-dn', '-vf', `fps=fps=${opts.fps}:start_time=0,scale=${opts.width}:${opts.height}:flags=bilinear`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', opts.videoOut);
  }
  return args;
}

/** Growable float buffer that forgets samples nobody needs any more. */
class SampleBuffer {
  private buf = new Float32Array(SAMPLE_RATE * 30);
  length = 0;
  private carry = Buffer.alloc(0);

  /** `start`: the absolute sample index of buf[0] (where the decode began). */
  constructor(public start = 0) {}

  get end(): number {
    return this.start + this.length;
  }

  push(chunk: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const n = Math.floor(bytes.length / 4);
    this.carry = Buffer.from(bytes.subarray(n * 4));
    if (this.length + n > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    // Bytes straight into place (the buffer's float view is aligned; the chunk need not be).
    new Uint8Array(this.buf.buffer, this.length * 4, n * 4).set(bytes.subarray(0, n * 4));
    this.length += n;
  }

  /** Drops samples before absolute index `from`. */
  trim(from: number): void {
    const drop = Math.min(this.length, Math.max(0, from - this.start));
    if (drop === 0) return;
    this.buf.copyWithin(0, drop, this.length);
    this.start += drop;
    this.length -= drop;
  }

  slice(from: number, to: number): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    const a = Math.max(from, this.start);
    const b = Math.min(to, this.end);
    if (b > a) out.set(this.buf.subarray(a - this.start, b - this.start), a - from);
    return out;
  }
}

export async function* extractSegments(info: MediaInfo, segments: SegmentWindow[], options: ExtractOptions = {}): AsyncGenerator<ExtractedSegment> {
  const fps = options.fps ?? 2;
  const wantAudio = (options.audio ?? true) && info.hasAudio;
  const { width, height } = frameSize(info, options.frameMaxWidth ?? 640);
  const wantVideo = (options.video ?? true) && info.hasVideo && width > 0 && fps > 0;
  const highWater = Math.max(1, options.highWaterMark ?? 16);
  const frameInterval = 1000 / fps;
  // Yield in order of end time: a segment is ready once both streams have passed its end.
  const pending = [...segments].sort((a, b) => a.endMs - b.endMs || a.startMs - b.startMs);
  if (pending.length === 0) return;
  if (!wantAudio && !wantVideo) {
    for (const segment of pending) yield { segment, pcm: new Float32Array(0), frames: [], ranOut: { audio: null, video: null }, decodedFromMs: 0 };
    return;
  }

  const ffmpeg = resolveTool('ffmpeg');
  const seekMs = options.seek === false ? 0 : seekStartMs(pending, fps);
  const args = decodeArgs(info, { fps, width, height, audio: wantAudio, video: wantVideo, audioOut: 'pipe:1', videoOut: 'pipe:3', seekMs });
  const child: ChildProcess = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const audioStream = child.stdio[1] as Readable;
  const videoStream = child.stdio[3] as Readable;
  const stderrTail: string[] = [];
  (child.stdio[2] as Readable).on('data', (d: Buffer) => {
    stderrTail.push(d.toString('utf8'));
    if (stderrTail.length > 20) stderrTail.shift();
  });

  // After a seek the streams start at seekMs: buffers and the frame count hold absolute positions.
  const audio = new SampleBuffer(Math.round((seekMs * SAMPLE_RATE) / 1000));
  const frames: FrameSample[] = [];
  let frameIndex = Math.round(seekMs / frameInterval);
  const frameBytes = width * height * 3;
  let audioEnded = !wantAudio;
  let videoEnded = !wantVideo;
  let exited = false;
  // The process itself is gone (before its pipes close): from then on its CPU is in this process's children's.
  let processGone = false;
  let exitError: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  // pending[next..] are the segments not handed out yet; minStartFrom[i] is the earliest start
  // among pending[i..], so nothing decoded before it (less one frame interval of slack for short
  // segments that take the nearest frame) is needed any more.
  let next = 0;
  const minStartFrom = new Array<number>(pending.length + 1);
  minStartFrom[pending.length] = Infinity;
  for (let i = pending.length - 1; i >= 0; i--) minStartFrom[i] = Math.min(pending[i].startMs, minStartFrom[i + 1]);
  const keepFromMs = () => minStartFrom[next] - frameInterval;
  const reachedMs = () => Math.min(audioEnded ? Infinity : (audio.end * 1000) / SAMPLE_RATE, videoEnded ? Infinity : frameIndex * frameInterval);
  const readyWaiting = () => {
    const reached = reachedMs();
    let n = 0;
    while (next + n < pending.length && n < highWater && pending[next + n].endMs <= reached) n++;
    return n;
  };
  const setPaused = (paused: boolean) => {
    for (const s of [wantAudio ? audioStream : null, wantVideo ? videoStream : null]) {
      if (!s) continue;
      if (paused && !s.isPaused()) s.pause();
      else if (!paused && s.isPaused()) s.resume();
    }
  };
  /** Drops what no pending segment needs; runs as data arrives, so gaps between segments cost no memory. */
  const forget = () => {
    const keepMs = keepFromMs();
    if (wantAudio) {
      const keep = Math.floor((Math.max(0, keepMs) * SAMPLE_RATE) / 1000);
      if (keep - audio.start >= SAMPLE_RATE) audio.trim(keep);
    }
    let drop = 0;
    while (drop < frames.length && frames[drop].tMs < keepMs) drop++;
    if (drop) frames.splice(0, drop);
  };
  // Data keeps arriving while the consumer works on a yielded segment: the decoder is paused from
  // here once `highWater` segments are ready and waiting.
  const arrived = () => {
    forget();
    if (readyWaiting() >= highWater) setPaused(true);
    notify();
  };

  const onAbort = () => {
    child.kill('SIGKILL');
    notify();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  if (wantAudio) {
    audioStream.on('data', (chunk: Buffer) => {
      audio.push(chunk);
      arrived();
    });
    audioStream.on('end', () => {
      audioEnded = true;
      notify();
    });
  }
  if (wantVideo) {
    // Frames are assembled in place: concatenating pipe chunks (64 KiB) into a 0.7 MB frame would
    // copy each frame many times over. A frame nobody needs is not kept; its buffer is reused.
    let frame = new Uint8Array(frameBytes);
    let filled = 0;
    videoStream.on('data', (chunk: Buffer) => {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - off);
        frame.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === frameBytes) {
          const tMs = Math.round(frameIndex * frameInterval);
          frameIndex++;
          filled = 0;
          if (tMs >= keepFromMs()) {
            frames.push({ tMs, width, height, data: frame });
            frame = new Uint8Array(frameBytes);
          }
        }
      }
      arrived();
    });
    videoStream.on('end', () => {
      videoEnded = true;
      notify();
    });
  }
  for (const s of [audioStream, videoStream]) {
    s.on('error', (err) => {
      exitError ??= err;
      notify();
    });
  }
  child.on('exit', () => {
    processGone = true;
  });
  child.on('error', (err) => {
    exitError = err;
    exited = true;
    processGone = true;
    notify();
  });
  child.on('close', (code) => {
    if (code !== 0 && !options.signal?.aborted && !exitError) {
      const tail = stderrTail.join('').trim().split('\n').slice(-2).join(' ');
      exitError = new InputError(info.path, `decoding failed (ffmpeg exit ${code}): ${tail}`);
    }
    exited = true;
    audioEnded = true;
    videoEnded = true;
    notify();
  });

  try {
    while (next < pending.length) {
      if (options.signal?.aborted) throw new CancelledError('extraction cancelled');
      if (exitError) throw exitError;
      setPaused(readyWaiting() >= highWater);
      const reached = reachedMs();
      if (pending[next].endMs <= reached) {
        const seg = pending[next++];
        const item: ExtractedSegment = {
          segment: seg,
          pcm: wantAudio ? pcmFor(audio, seg) : new Float32Array(0),
          frames: wantVideo ? framesFor(frames, seg, frameInterval) : [],
          ranOut: {
            audio: wantAudio && audioEnded ? ranOutAt((audio.end * 1000) / SAMPLE_RATE, seg, END_SLACK_MS) : null,
            // Frames are samples on a grid: the last one stands for the interval after it.
            video: wantVideo && videoEnded ? ranOutAt(frameIndex * frameInterval, seg, Math.max(END_SLACK_MS, frameInterval)) : null,
          },
          decodedFromMs: seekMs,
        };
        forget();
        options.onProgress?.(Math.min(reached, info.durationMs), info.durationMs);
        yield item;
        continue;
      }
      if (exited && audioEnded && videoEnded) continue; // loop once more: reachedMs is now Infinity
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    // A stream that ended early (a truncated or undecodable file) is explained only by ffmpeg's exit
    // status: wait for it rather than pass silently. While both still flow, every segment came from
    // decoded data and the rest of the file is not needed: the decoder is stopped below.
    if ((wantAudio && audioEnded) || (wantVideo && videoEnded)) {
      setPaused(false);
      while (!exited && !options.signal?.aborted) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (exitError) throw exitError;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!exited) child.kill('SIGKILL');
    // Waited for, so the decoder is reaped (and its CPU time accounted) before the caller goes on.
    if (!processGone) await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }
  if (options.signal?.aborted) throw new CancelledError('extraction cancelled');
}

function ranOutAt(decodedEndMs: number, seg: SegmentWindow, slackMs: number): number | null {
  return decodedEndMs < seg.endMs - slackMs ? Math.round(decodedEndMs) : null;
}

function pcmFor(audio: SampleBuffer, seg: SegmentWindow): Float32Array {
  const from = Math.floor((seg.startMs * SAMPLE_RATE) / 1000);
  const to = Math.floor((seg.endMs * SAMPLE_RATE) / 1000);
  return audio.slice(from, to);
}

function framesFor(frames: FrameSample[], seg: SegmentWindow, interval: number): FrameSample[] {
  const inside = frames.filter((f) => f.tMs >= seg.startMs && f.tMs < seg.endMs);
  if (inside.length || frames.length === 0) return inside;
  // A segment shorter than the sampling interval takes the nearest frame, if one is close.
  const mid = (seg.startMs + seg.endMs) / 2;
  let best = frames[0];
  for (const f of frames) if (Math.abs(f.tMs - mid) < Math.abs(best.tMs - mid)) best = f;
  return Math.abs(best.tMs - mid) <= interval ? [best] : [];
}

/** Decodes the whole audio track to 16 kHz mono float (1.4 s per hour of media on our machines). */
export async function decodeAudio(info: MediaInfo, signal?: AbortSignal): Promise<Float32Array> {
  if (!info.hasAudio) return new Float32Array(0);
  const whole: SegmentWindow = { id: 'all', startMs: 0, endMs: info.durationMs + 1000 };
  for await (const item of extractSegments(info, [whole], { video: false, signal })) {
    const n = Math.min(item.pcm.length, Math.ceil((info.durationMs * SAMPLE_RATE) / 1000));
    return item.pcm.subarray(0, n);
  }
  return new Float32Array(0);
}
