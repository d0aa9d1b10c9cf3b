/**
 * npm run bench:features — import + analyse (every feature of every segment, decode included, then
 * the predictions) of two 1-hour 720p25 meetings: a camera-like one (x264 veryfast: B-frames and
 * CABAC, as a camera or Zoom writes; see cameraMeeting) and the cheap generated one (x264
 * ultrafast: no B-frames, no CABAC). For each, in the same run and back to back, the bare ffmpeg
 * decode the extractor does (same binary, same argv, same pipes, output discarded) is timed first,
 * and the pipeline is reported as a ratio to it, with a stage breakdown as wall and CPU and the
 * load average beside every figure: on a shared machine only the ratios compare between runs.
 *
 * BENCH_FILES=camera,cheap (the order and choice), BENCH_MINUTES=60, BENCH_PRESET=veryfast (the
 * camera-like file's x264 preset), BENCH_EP=auto, BENCH_RESCORE=0 skips the re-score timing (whose
 * decode from the start takes about as long as the bare decode).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { analyzeProject } from '../../src/core/analysis/analyze';
import { decodeArgs, frameSize } from '../../src/core/media/extract';
import { resolveTool, toolsSummary } from '../../src/core/media/ffmpeg-path';
import { probeMedia, type MediaInfo } from '../../src/core/media/probe';
import { childCpuSeconds, cpuSeconds } from '../../src/core/models/stage-clock';
import { createService } from '../../src/core/service';
import type { ExecutionProvider } from '../../src/shared/types';
import { benchMeeting, cameraMeeting } from './bench-meeting';
import { watchMemory } from './measure';

const ep = (process.env.BENCH_EP ?? 'auto') as ExecutionProvider;
const files = (process.env.BENCH_FILES ?? 'camera,cheap').split(',').map((s) => s.trim()).filter(Boolean);
const load = () => os.loadavg()[0].toFixed(1);

/** The extractor's decode alone: its argv, both streams to pipes that are read and dropped. */
async function decodeFloor(info: MediaInfo): Promise<{ wall: number; cpu: number }> {
  const { width, height } = frameSize(info, 640);
  const args = decodeArgs(info, { fps: 2, width, height, audio: info.hasAudio, video: info.hasVideo, audioOut: 'pipe:1', videoOut: 'pipe:3' });
  const c0 = childCpuSeconds() ?? 0;
  const t0 = performance.now();
  const child = spawn(resolveTool('ffmpeg'), args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  for (const fd of [1, 3]) (child.stdio[fd] as Readable).on('data', () => {});
  let err = '';
  (child.stdio[2] as Readable).on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`bare decode failed (exit ${code}): ${err.trim()}`);
  return { wall, cpu: (childCpuSeconds() ?? 0) - c0 };
}

interface Run {
  name: string;
  media: string;
  vtt: string;
  label: string;
}

async function bench(run: Run): Promise<void> {
  const info = await probeMedia(run.media);
  const project = path.join(path.dirname(run.media), 'features-project');
  fs.rmSync(project, { recursive: true, force: true });

  const loadBefore = load();
  const floor = await decodeFloor(info);
  const loadFloor = load();

  const svc = createService(project);
  const mem = watchMemory();
  const c0 = cpuSeconds();
  const k0 = childCpuSeconds() ?? 0;
  const t0 = performance.now();
  const imp = await svc.api.importRecording({ mediaPath: run.media, transcriptPath: run.vtt });
  const tImport = (performance.now() - t0) / 1000;
  const res = await analyzeProject(svc.db, {
    ep,
    onProgress: (stage, done, total) => {
      if (done % 100 === 0 || done === total) process.stderr.write(`  ${run.name}: ${stage} ${done}/${total}\n`);
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const selfCpu = cpuSeconds() - c0;
  const childCpu = (childCpuSeconds() ?? 0) - k0;
  const cpu = selfCpu + childCpu;
  const peak = mem.stop();
  const loadPipeline = load();

  // The re-score after an edit late in the file (a nudge of the segment at 90 %): decoding from the
  // start up to its window, then seeking to it (media/extract.ts seekStartMs).
  const segs = await svc.api.listSegments({});
  const target = segs[Math.floor(segs.length * 0.9)];
  const rescore = async (seek: boolean, by: number) => {
    await svc.api.updateSegmentBounds({ segmentId: target.id, startMs: target.startMs + by, endMs: target.endMs });
    const c = cpuSeconds();
    const k = childCpuSeconds() ?? 0;
    const t = performance.now();
    const r = await analyzeProject(svc.db, { ep, seek });
    if (r.features.computed.audio !== 1 || r.features.computed.video !== (info.hasVideo ? 1 : 0)) throw new Error(`re-score computed ${JSON.stringify(r.features.computed)}, not the one edited segment`);
    return { wall: (performance.now() - t) / 1000, cpu: cpuSeconds() - c + (childCpuSeconds() ?? 0) - k, load: load() };
  };
  const timeRescore = process.env.BENCH_RESCORE !== '0';
  const before = timeRescore ? await rescore(false, 100) : null;
  const after = timeRescore ? await rescore(true, 200) : null;
  await svc.close();

  const f = res.features;
  const st = f.stages;
  const s = (x: number | null) => (x === null ? '   n/a' : x.toFixed(1).padStart(6));
  const stageRows: [string, number, number | null, string][] = [
    ['import (probe, cues, store)', tImport, null, `${imp.segments} segments`],
    ['text (MiniLM)', st.text.wall, st.text.cpu, `${f.computed.text} utterances`],
    ['decode (waited for / ffmpeg CPU)', st.decode.wall, st.decode.cpu, 'wall = time the pipeline waited for the decoder'],
    ['voice features', st.voice.wall, st.voice.cpu, `${f.amounts.audioSeconds.toFixed(0)} s of segment audio`],
    ['VAD (Silero)', st.vad.wall, st.vad.cpu, ''],
    ['face detection (BlazeFace)', st.faceDetect.wall, st.faceDetect.cpu, `${f.amounts.frames} frames, ${f.amounts.framesDetected} detected, the rest tracked`],
    ['expression', st.expression.wall, st.expression.cpu, ''],
    ['store (one commit per segment)', st.store.wall, st.store.cpu, `${f.commits} transactions`],
    ['predict (Self-MI, stored)', res.predict.wall, res.predict.cpu, `${res.predicted} segments`],
  ];
  const mediaS = info.durationMs / 1000;
  console.log(`\n== ${run.name}: ${run.label}`);
  console.log(`media        ${(mediaS / 60).toFixed(1)} min ${info.width}x${info.height}, ${imp.segments} segments`);
  console.log(`providers    text ${f.providers.text}, face ${f.providers.face}, voice cpu (requested --ep ${ep})`);
  console.log(`load average 1-min: ${loadBefore} before the bare decode, ${loadFloor} after it, ${loadPipeline} after the pipeline`);
  console.log('');
  console.log(`| step | wall s | CPU s | |`);
  console.log(`|---|---:|---:|---|`);
  console.log(`| bare ffmpeg decode (the extractor's argv) | ${floor.wall.toFixed(1)} | ${floor.cpu.toFixed(1)} | |`);
  console.log(`| import + analyse | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | node ${selfCpu.toFixed(1)} + ffmpeg ${childCpu.toFixed(1)} CPU-s |`);
  console.log(`| **ratio to the bare decode** | **${(wall / floor.wall).toFixed(2)}x** | **${(cpu / floor.cpu).toFixed(2)}x** | goal <= 1.3x wall |`);
  console.log('');
  console.log(`stage breakdown (stages overlap the decode; CPU is the whole node process over each stage's interval)`);
  for (const [k, w, c, note] of stageRows) console.log(`  ${k.padEnd(34)} wall ${s(w)}  CPU ${s(c)}   ${note}`);
  if (before && after) console.log(`re-score after a nudge at ${(target.startMs / 60000).toFixed(1)} min: decoding from the start ${before.wall.toFixed(1)} s wall / ${before.cpu.toFixed(1)} CPU-s (load ${before.load}); seeking to the window ${after.wall.toFixed(2)} s / ${after.cpu.toFixed(2)} CPU-s (load ${after.load})`);
  console.log(`real-time factor ${(wall / mediaS).toFixed(4)}; peak RSS node ${peak.selfMb} MB, ffmpeg ${peak.childrenMb} MB, together ${peak.totalMb} MB (goal <= 1024)`);
}

console.log(`bench:features (${new Date().toISOString()}) on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`);
console.log(toolsSummary());
for (const name of files) {
  if (name === 'camera') {
    const m = cameraMeeting();
    await bench({ name, media: m.media, vtt: m.vtt, label: `camera-like: x264 ${m.preset} (B-frames, CABAC), one ${Math.round(3600 / m.copies * (m.minutes / 60))} s clip stream-copied ${m.copies}x, ${m.cues} cues` });
  } else if (name === 'cheap') {
    const m = benchMeeting();
    await bench({ name, media: m.media, vtt: m.vtt, label: `generated: x264 ultrafast (no B-frames, no CABAC), ${m.cues} cues` });
  } else {
    throw new Error(`BENCH_FILES: unknown file '${name}' (camera, cheap)`);
  }
}
