/**
 * The benchmarks' 720p25 meeting (450 cues an hour, BENCH_MINUTES long, default 60), generated once
 * and cached under .bench/ because encoding an hour of 720p takes minutes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeMeeting } from '../fixtures/meeting';

export function benchMeeting(): { minutes: number; cues: number; dir: string; media: string; vtt: string } {
  const minutes = Number(process.env.BENCH_MINUTES ?? 60);
  const cues = Math.round(450 * (minutes / 60));
  const dir = path.resolve('.bench', `meeting-${minutes}m-720p`);
  const media = path.join(dir, 'meeting.mp4');
  const vtt = path.join(dir, 'meeting.vtt');
  if (!fs.existsSync(media) || !fs.existsSync(vtt)) {
    fs.mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating a ${minutes}-minute 720p25 meeting with ${cues} cues (cached in ${dir})…\n`);
    const t0 = Date.now();
    makeMeeting({ outDir: dir, cues, durationS: minutes * 60, width: 1280, height: 720, fps: 25, preset: 'ultrafast' });
    process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  return { minutes, cues, dir, media, vtt };
}

/**
 * A camera-like meeting: a short 720p25 clip encoded as a camera or Zoom recording is (x264
 * `veryfast` by default: B-frames, CABAC, GOP 50), stream-copied end to end to BENCH_MINUTES
 * (default 60), with its 8 cues repeated at each copy's offset. Decoding it costs what a real
 * recording costs, unlike the `ultrafast` file above; stream copy keeps generation to seconds.
 */
export function cameraMeeting(preset = process.env.BENCH_PRESET ?? 'veryfast'): { minutes: number; cues: number; copies: number; preset: string; dir: string; media: string; vtt: string } {
  const minutes = Number(process.env.BENCH_MINUTES ?? 60);
  const dir = path.resolve('.bench', `camera-${minutes}m-720p-${preset}`);
  const media = path.join(dir, 'meeting.mp4');
  const vtt = path.join(dir, 'meeting.vtt');
  const meta = path.join(dir, 'meta.json');
  if (!fs.existsSync(media) || !fs.existsSync(vtt) || !fs.existsSync(meta)) {
    fs.mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating a ${minutes}-minute camera-like 720p25 meeting (x264 ${preset}, stream-copied; cached in ${dir})…\n`);
    const t0 = Date.now();
    const short = makeMeeting({ outDir: dir, name: 'clip', cues: 8, durationS: 42.5, width: 1280, height: 720, fps: 25, preset });
    // The concat demuxer places copy k at the sum of the earlier copies' durations: the clip's container duration.
    const clipS = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', short.media], { encoding: 'utf8' }).trim());
    const copies = Math.max(1, Math.round((minutes * 60) / clipS));
    const list = path.join(dir, 'list.txt');
    fs.writeFileSync(list, Array.from({ length: copies }, () => `file '${short.media}'`).join('\n'));
    execFileSync('ffmpeg', ['-y', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', media], { stdio: ['ignore', 'ignore', 'pipe'] });
    const cues: string[] = [];
    for (let k = 0; k < copies; k++) {
      for (const c of short.cues) {
        const off = Math.round(k * clipS * 1000);
        cues.push(`${cues.length + 1}\n${vttTime(c.startMs + off)} --> ${vttTime(c.endMs + off)}\n<v ${c.speaker}>${c.text}</v>\n`);
      }
    }
    fs.writeFileSync(vtt, `WEBVTT\n\n${cues.join('\n')}`);
    fs.writeFileSync(meta, JSON.stringify({ preset, copies, clipS, cues: cues.length }));
    fs.rmSync(short.media);
    fs.rmSync(short.vtt);
    fs.rmSync(list);
    process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as { copies: number; cues: number };
  return { minutes, cues: m.cues, copies: m.copies, preset, dir, media, vtt };
}

function vttTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}
