/**
 * Test fixtures from Debian's facedetect package (public-domain example photos), turned into real
 * video and decoded back to RGB24 frames with ffmpeg — the shape the extraction API yields.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RgbFrame } from './image';

const EXAMPLES = '/usr/share/doc/facedetect/examples';
export const GRACE_HOPPER = path.join(EXAMPLES, 'grace_hopper_512x512.jpg');
export const LANDSCAPE = path.join(EXAMPLES, '640px-IceBlockNearJoekullsarlon.jpg');
/** Grace Hopper's face (brow to chin, ear to ear) in the 512×512 photo, read off the image by eye. */
export const GRACE_FACE = { x: 165, y: 115, width: 200, height: 210 };

export function facedetectExamplesPresent(): boolean {
  return existsSync(GRACE_HOPPER) && existsSync(LANDSCAPE);
}

/** Decodes any image or video to RGB24 frames (optionally resampled to `fps`). */
export function decodeFrames(file: string, width: number, height: number, fps?: number): RgbFrame[] {
  const vf = [fps ? `fps=${fps}` : null, `scale=${width}:${height}`].filter(Boolean).join(',');
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const size = width * height * 3;
  const frames: RgbFrame[] = [];
  for (let at = 0, k = 0; at + size <= raw.length; at += size, k++) {
    frames.push({ tMs: fps ? Math.round((k * 1000) / fps) : 0, width, height, data: new Uint8Array(raw.buffer, raw.byteOffset + at, size) });
  }
  return frames;
}

/**
 * An H.264 clip of the photo sliding across a 960×540 grey canvas (x = 100 + 60·t px, y = 14),
 * so detection is exercised on compressed, moving video rather than the pristine JPEG.
 */
export function withGraceHopperVideo<T>(seconds: number, use: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-face-'));
  try {
    const file = path.join(dir, 'grace.mp4');
    execFileSync('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `color=c=gray:s=960x540:r=25:d=${seconds}`, '-loop', '1', '-i', GRACE_HOPPER,
      '-filter_complex', '[0:v][1:v]overlay=x=100+60*t:y=14:shortest=1,format=yuv420p',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-t', String(seconds), file,
    ]);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One 1280×720 frame with Grace Hopper twice: the full 512-px photo at (700, 100) and a 320-px copy
 * at (100, 200). Returns the frame and where each face is.
 */
export function twoFacesFrame(): { frame: RgbFrame; large: typeof GRACE_FACE; small: typeof GRACE_FACE } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-face-'));
  try {
    const file = path.join(dir, 'two.png');
    execFileSync('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=1280x720:d=1', '-i', GRACE_HOPPER,
      '-filter_complex', '[1:v]split[a][b];[b]scale=320:320[s];[0:v][a]overlay=x=700:y=100[t];[t][s]overlay=x=100:y=200',
      '-frames:v', '1', file,
    ]);
    const [frame] = decodeFrames(file, 1280, 720);
    const k = 320 / 512;
    return {
      frame,
      large: { ...GRACE_FACE, x: GRACE_FACE.x + 700, y: GRACE_FACE.y + 100 },
      small: { x: GRACE_FACE.x * k + 100, y: GRACE_FACE.y * k + 200, width: GRACE_FACE.width * k, height: GRACE_FACE.height * k },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
