/**
 * The benchmarks' 720p25 meeting (450 cues an hour, BENCH_MINUTES long, default 60), generated once
 * and cached under .bench/ because encoding an hour of 720p takes minutes.
 */
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
