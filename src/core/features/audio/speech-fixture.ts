/**
 * Test fixtures: real synthetic speech from espeak-ng, resampled by ffmpeg to 16 kHz mono float —
 * the same format the extraction API yields. Tests only; both tools are Debian packages CI installs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function espeakPcm16k(text: string): Float32Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-espeak-'));
  try {
    const wav = path.join(dir, 'speech.wav');
    execFileSync('espeak-ng', ['-w', wav, text]);
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', wav, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'], {
      maxBuffer: 1 << 28,
    });
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Concatenates PCM pieces; a number stands for that many ms of digital silence. */
export function joinPcm(parts: (Float32Array | number)[], sampleRate = 16000): Float32Array {
  const pieces = parts.map((p) => (typeof p === 'number' ? new Float32Array(Math.round((p * sampleRate) / 1000)) : p));
  const out = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function tone(hz: number, ms: number, amplitude = 0.3, sampleRate = 16000): Float32Array {
  return Float32Array.from({ length: Math.round((ms * sampleRate) / 1000) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate));
}
