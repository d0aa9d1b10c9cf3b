/**
 * npm run bench:ingest — a generated 1-hour 720p H.264 meeting with ~450 VTT cues: import + one
 * extraction pass (audio for every segment, frames at 2 fps), against the bare ffmpeg decode of the
 * same file at the same sampling (the floor). Prints wall time, real-time factor, peak RSS, ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createService } from '../../src/core/service';
import { decodeArgs, extractSegments, frameSize } from '../../src/core/media/extract';
import { resolveTool } from '../../src/core/media/ffmpeg-path';
import { probeMedia } from '../../src/core/media/probe';
import { benchMeeting } from './bench-meeting';
import { timed, watchMemory } from './measure';

const { cues, dir, media, vtt } = benchMeeting();
const project = path.join(dir, 'project');
fs.rmSync(project, { recursive: true, force: true });
const info = await probeMedia(media);
const mem = watchMemory();
const svc = createService(project);
const [imported, importS] = await timed(() => svc.api.importRecording({ mediaPath: media, transcriptPath: vtt }));
const segments = await svc.api.listSegments({});
let samples = 0;
let frames = 0;
const [, extractS] = await timed(async () => {
  for await (const item of extractSegments(info, segments, { fps: 2 })) {
    samples += item.pcm.length;
    frames += item.frames.length;
  }
});
const peak = mem.stop();
await svc.close();

const { width, height } = frameSize(info, 640);
const floorArgs = ['-y', ...decodeArgs(info, { fps: 2, width, height, audio: true, video: true, audioOut: '/dev/null', videoOut: '/dev/null' })];
const t0 = performance.now();
const floor = spawnSync(resolveTool('ffmpeg'), floorArgs, { stdio: 'ignore' });
const floorS = (performance.now() - t0) / 1000;
if (floor.status !== 0) throw new Error('floor decode failed');

const total = importS + extractS;
const mediaS = info.durationMs / 1000;
const rows: [string, string][] = [
  ['media', `${(mediaS / 60).toFixed(1)} min, ${info.width}x${info.height} ${info.videoCodec}/${info.audioCodec}`],
  ['segments', `${imported.segments} (from ${cues} cues)`],
  ['import wall', `${importS.toFixed(2)} s`],
  ['extraction wall', `${extractS.toFixed(2)} s (${(samples / 16000 / 60).toFixed(1)} min of segment audio, ${frames} frames at 2 fps, ${width}x${height})`],
  ['total wall', `${total.toFixed(2)} s`],
  ['real-time factor', `${(total / mediaS).toFixed(4)} (${(mediaS / total).toFixed(0)}x faster than real time)`],
  ['bare ffmpeg floor', `${floorS.toFixed(2)} s (same decode, outputs to /dev/null)`],
  ['ratio (total / floor)', `${(total / floorS).toFixed(2)}  goal <= 1.5`],
  ['peak RSS', `node ${peak.selfMb} MB, ffmpeg ${peak.childrenMb} MB, together ${peak.totalMb} MB  goal <= 1024`],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`bench:ingest (${new Date().toISOString()}, ${process.platform}/${process.arch}, ${(await import('node:os')).cpus().length} cores)`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
