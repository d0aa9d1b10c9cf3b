/**
 * Waveform peaks, computed once per recording in a streaming pass (wavesurfer.js style: the UI
 * never decodes audio itself). Peak = max |sample| per bin, at 8 kHz which is plenty for drawing.
 */
import { spawn } from 'node:child_process';
import { InputError } from '../../shared/errors';
import { resolveTool } from './ffmpeg-path';

const RATE = 8000;

export async function computePeaks(mediaPath: string, peaksPerSecond: number, durationMs: number): Promise<Float32Array> {
  const bins = Math.max(1, Math.ceil((durationMs / 1000) * peaksPerSecond));
  const peaks = new Float32Array(bins);
  const perBin = RATE / peaksPerSecond;
  const ffmpeg = resolveTool('ffmpeg');
  const child = spawn(ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', mediaPath, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(RATE), '-af', 'aresample=async=1:first_pts=0', '-f', 'f32le', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let index = 0;
  let carry = Buffer.alloc(0);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const n = Math.floor(bytes.length / 4);
      for (let i = 0; i < n; i++) {
        const v = Math.abs(bytes.readFloatLE(i * 4));
        const bin = Math.floor(index++ / perBin);
        if (bin < bins && v > peaks[bin]) peaks[bin] = v;
      }
      carry = Buffer.from(bytes.subarray(n * 4));
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new InputError(mediaPath, `could not decode audio for the waveform: ${err.trim().split('\n').pop()}`))));
  });
  return peaks;
}
