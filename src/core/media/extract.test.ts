import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeVoiceFeatures } from '../features/audio';
import { FaceAnalyzer } from '../features/face/face-analyzer';
import { summarizeFaces } from '../features/face/face-features';
import { decodeAudio, extractSegments, SAMPLE_RATE, seekStartMs } from './extract';
import { probeMedia } from './probe';

let dir: string;
let media: string;

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-extract-'));
  media = path.join(dir, 'tone and colour.mp4');
  // 6 s: silence 0–2 s, a 440 Hz tone 2–4 s, silence 4–6 s; video is a solid red frame 0–3 s then blue.
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'color=c=red:s=320x240:r=25:d=3',
    '-f', 'lavfi', '-i', 'color=c=blue:s=320x240:r=25:d=3',
    '-f', 'lavfi', '-i', 'aevalsrc=if(between(t\\,2\\,4)\\,0.5*sin(2*PI*440*t)\\,0):s=48000:d=6',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]',
    '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-bf', '2', '-pix_fmt', 'yuv420p', '-c:a', 'aac', media,
  ]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('extractSegments', () => {
  it('yields aligned audio windows and frames on the sampling grid from one pass', async () => {
    const info = await probeMedia(media);
    expect(info.hasVideo && info.hasAudio).toBe(true);
    const segments = [
      { id: 'quiet', startMs: 200, endMs: 1800 },
      { id: 'tone', startMs: 2200, endMs: 3800 },
      { id: 'overlap', startMs: 1000, endMs: 5000 },
      { id: 'short', startMs: 5100, endMs: 5300 },
    ];
    const got = new Map<string, Awaited<ReturnType<typeof collect>>[number]>();
    for (const item of await collect(info, segments)) got.set(item.segment.id, item);
    expect([...got.keys()].sort()).toEqual(['overlap', 'quiet', 'short', 'tone']);
    expect(got.get('tone')!.pcm.length).toBe(Math.floor((3800 * SAMPLE_RATE) / 1000) - Math.floor((2200 * SAMPLE_RATE) / 1000));
    expect(rms(got.get('tone')!.pcm)).toBeGreaterThan(0.2);
    expect(rms(got.get('quiet')!.pcm)).toBeLessThan(0.01);
    // Frames at 2 fps: 0, 500, 1000 ... inside each window.
    expect(got.get('quiet')!.frames.map((f) => f.tMs)).toEqual([500, 1000, 1500]);
    expect(got.get('overlap')!.frames.map((f) => f.tMs)).toEqual([1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
    const px = (f: { data: Uint8Array }) => [f.data[0], f.data[1], f.data[2]];
    const [r1, , b1] = px(got.get('quiet')!.frames[0]);
    expect(r1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(60);
    const last = got.get('overlap')!.frames.at(-1)!;
    expect(px(last)[2]).toBeGreaterThan(200); // blue after 3 s
    // A segment shorter than the interval takes the nearest frame.
    expect(got.get('short')!.frames.map((f) => f.tMs)).toEqual([5000]);
    expect(last.width).toBe(320);
    expect(last.data.length).toBe(320 * 240 * 3);
  });

  it('gives the same windows to a slow consumer of sparse segments with the decoder paused between them', async () => {
    const info = await probeMedia(media);
    const segments = [
      { id: 'quiet', startMs: 200, endMs: 600 },
      { id: 'tone', startMs: 2600, endMs: 3400 },
      { id: 'blue', startMs: 5000, endMs: 5900 },
    ];
    const got = new Map<string, Awaited<ReturnType<typeof collect>>[number]>();
    for await (const item of extractSegments(info, segments, { fps: 2, highWaterMark: 1 })) {
      got.set(item.segment.id, item);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rms(got.get('quiet')!.pcm)).toBeLessThan(0.01);
    expect(rms(got.get('tone')!.pcm)).toBeGreaterThan(0.2);
    expect(got.get('tone')!.pcm.length).toBe(Math.floor((3400 * SAMPLE_RATE) / 1000) - Math.floor((2600 * SAMPLE_RATE) / 1000));
    expect(got.get('tone')!.frames.map((f) => f.tMs)).toEqual([3000]);
    expect(got.get('blue')!.frames.map((f) => f.tMs)).toEqual([5000, 5500]);
    expect(got.get('blue')!.frames[0].data[2]).toBeGreaterThan(200);
  });

  it('reports where each stream of a truncated file ran out, and nothing for a whole file', async () => {
    const whole = await probeMedia(media);
    const toTheEnd = await collect(whole, [{ id: 'end', startMs: 4000, endMs: whole.durationMs }]);
    expect(toTheEnd[0].ranOut).toEqual({ audio: null, video: null });

    // Index in front (faststart), so the file still probes with its full duration once bytes are cut off.
    const full = path.join(dir, 'whole.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=160x120:r=25:d=10', '-f', 'lavfi', '-i', 'sine=f=440:d=10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', full]);
    const cut = path.join(dir, 'cut.mp4');
    const bytes = fs.readFileSync(full);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.45)));
    const info = await probeMedia(cut);
    expect(info.durationMs).toBe(10_000); // the container still claims 10 s
    const got = new Map((await collect(info, [
      { id: 'early', startMs: 500, endMs: 1500 },
      { id: 'late', startMs: 6000, endMs: 8000 },
      { id: 'last', startMs: 8000, endMs: 10_000 },
    ])).map((i) => [i.segment.id, i] as const));
    expect(got.get('early')!.ranOut).toEqual({ audio: null, video: null });
    expect(rms(got.get('early')!.pcm)).toBeGreaterThan(0.05); // sine at 1/8 amplitude
    for (const id of ['late', 'last']) {
      const { audio, video } = got.get(id)!.ranOut;
      expect(audio).toBeGreaterThan(1500);
      expect(audio).toBeLessThan(6000);
      expect(video).toBeGreaterThan(1500);
      expect(video).toBeLessThan(6000);
      expect(rms(got.get(id)!.pcm)).toBe(0); // the padding the old code computed features from
    }
  });

  it('decodes the whole audio track at 16 kHz', async () => {
    const info = await probeMedia(media);
    const pcm = await decodeAudio(info);
    expect(Math.abs(pcm.length - 6 * SAMPLE_RATE)).toBeLessThan(SAMPLE_RATE / 10);
  });

  it('stops and reports cancellation when aborted', async () => {
    const info = await probeMedia(media);
    const ac = new AbortController();
    ac.abort();
    await expect(collect(info, [{ id: 'a', startMs: 0, endMs: 5000 }], ac.signal)).rejects.toThrow(/cancel/);
  });
});

async function collect(info: Awaited<ReturnType<typeof probeMedia>>, segments: { id: string; startMs: number; endMs: number }[], signal?: AbortSignal) {
  const out = [];
  for await (const item of extractSegments(info, segments, { fps: 2, signal })) out.push(item);
  return out;
}

describe('extractSegments seeking to a late first window', () => {
  // The shipped sample: 42.8 s of 640x360 H.264 with B-frames, AAC, a face and espeak speech.
  const sample = path.resolve(__dirname, '../../../resources/sample/meeting.mp4');
  const late = [
    { id: 'second-last', startMs: 35_600, endMs: 38_900 },
    { id: 'last', startMs: 39_476, endMs: 42_304 },
  ];

  it('gives a late window the same samples, frames and features as a decode from the start', async () => {
    const info = await probeMedia(sample);
    expect(seekStartMs(late, 2)).toBe(33_000);
    const run = async (seek: boolean) => {
      const out = [];
      for await (const item of extractSegments(info, late, { fps: 2, seek })) out.push(item);
      return out;
    };
    const [sought, whole] = [await run(true), await run(false)];
    expect(sought.map((s) => s.decodedFromMs)).toEqual([33_000, 33_000]);
    expect(whole.map((s) => s.decodedFromMs)).toEqual([0, 0]);
    const analyzer = await FaceAnalyzer.create({ ep: 'cpu' });
    for (let i = 0; i < late.length; i++) {
      const [a, b] = [sought[i], whole[i]];
      expect(a.segment.id).toBe(b.segment.id);
      // Audio: the same samples, aligned to the sample, but for a few isolated 64 ms blocks that differ by up
      // to ~6e-3 (measured: rms of the difference 0.2 % of the signal's): allowed 1 %.
      expect(a.pcm.length).toBe(b.pcm.length);
      const diff = a.pcm.map((v, k) => v - b.pcm[k]);
      expect(rms(b.pcm)).toBeGreaterThan(0.01); // speech, not padding
      expect(rms(diff)).toBeLessThanOrEqual(0.01 * rms(b.pcm));
      // Video: the same grid times and pictures (mean |byte diff| <= 0.5 per frame).
      expect(a.frames.map((f) => f.tMs)).toEqual(b.frames.map((f) => f.tMs));
      expect(a.frames.length).toBeGreaterThanOrEqual(5);
      a.frames.forEach((f, k) => {
        let sum = 0;
        for (let j = 0; j < f.data.length; j++) sum += Math.abs(f.data[j] - b.frames[k].data[j]);
        expect(sum / f.data.length).toBeLessThanOrEqual(0.5);
      });
      // Features: every voice and face value within 1e-2 (absolute, or relative where larger); measured:
      // voice at most 1.5e-3 (MFCC means and spreads), face values identical.
      const close = (x: Record<string, number>, y: Record<string, number>) => {
        for (const k of Object.keys(y)) {
          expect(Math.abs(x[k] - y[k]), k).toBeLessThanOrEqual(1e-2 * Math.max(1, Math.abs(y[k])));
        }
      };
      close(computeVoiceFeatures(a.pcm), computeVoiceFeatures(b.pcm));
      const [fa, fb] = [summarizeFaces(await analyzer.analyzeFrames(a.frames)), summarizeFaces(await analyzer.analyzeFrames(b.frames))];
      expect(fb.faceFrames).toBe(fb.frames); // the portrait is found: the face values are real ones
      close(fa.values, fb.values);
    }
  });

  it('decodes from the start when the first window is early, and on request', () => {
    expect(seekStartMs([{ id: 'a', startMs: 11_000, endMs: 12_000 }, ...late], 2)).toBe(0);
    expect(seekStartMs([{ id: 'a', startMs: 12_600, endMs: 13_000 }], 2)).toBe(10_000);
    expect(seekStartMs([], 2)).toBe(0);
  });
});
