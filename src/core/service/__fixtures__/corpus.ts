/**
 * A small generated corpus for the batch tests and bench:corpus: N short recordings (test pattern
 * video + a tone, different per recording so every file hashes differently) with a tiny WebVTT
 * beside each, made with ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const VTT = (n: number, seconds: number) => `WEBVTT

00:00:00.200 --> 00:00:0${Math.min(9, Math.floor(seconds / 2))}.000
Alice: Recording ${n} starts, and I am really happy with the progress.

00:00:0${Math.min(9, Math.floor(seconds / 2))}.200 --> 00:00:0${Math.min(9, seconds - 1)}.500
Bob: Honestly the delays worry me, this is not going well.
`;

export function makeCorpus(dir: string, n: number, opts: { seconds?: number; ffmpeg?: string } = {}): string[] {
  const seconds = opts.seconds ?? 6;
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const media = path.join(dir, `rec-${String(i + 1).padStart(3, '0')}.mp4`);
    execFileSync(opts.ffmpeg ?? 'ffmpeg', [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${220 + 37 * i}:sample_rate=16000:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
      '-metadata', `title=corpus ${i + 1}`, media,
    ]);
    fs.writeFileSync(media.replace(/\.mp4$/, '.vtt'), VTT(i + 1, seconds));
    out.push(media);
  }
  return out;
}

/** A file that looks like media by name and is not (what `attune import` refuses, naming it). */
export function addPoisoned(dir: string, name = 'broken.mp4'): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.from('this is not an mp4 file at all, just text pretending'));
  return p;
}
