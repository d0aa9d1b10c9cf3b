/**
 * Short-time analysis grid shared by every voice feature: 25 ms windows every 10 ms at 16 kHz,
 * the usual speech-analysis choice (long enough for two periods of a low voice, short enough that
 * the signal is roughly stationary).
 */
export const SAMPLE_RATE = 16000;
export const FRAME_LEN = 400;
export const HOP_LEN = 160;
export const HOP_MS = (HOP_LEN / SAMPLE_RATE) * 1000;

/** Energy below this is treated as digital silence (≈ 16-bit quantisation noise). */
export const SILENCE_FLOOR_DB = -70;
/** Frames this far below the segment's loudest frame are background, not the voice. */
export const ACTIVE_RANGE_DB = 40;
const DB_FLOOR = -120;

/** Number of analysis frames; a segment shorter than one window still gets one (zero-padded) frame. */
export function frameCount(n: number): number {
  if (n <= FRAME_LEN) return n > 0 ? 1 : 0;
  return Math.floor((n - FRAME_LEN) / HOP_LEN) + 1;
}

/** RMS level of each frame in dBFS (full scale = ±1.0), floored at -120 dB. */
export function frameEnergyDb(pcm: Float32Array): Float64Array {
  const nf = frameCount(pcm.length);
  const out = new Float64Array(nf);
  for (let f = 0; f < nf; f++) {
    const start = f * HOP_LEN;
    const end = Math.min(start + FRAME_LEN, pcm.length);
    let s = 0;
    for (let i = start; i < end; i++) s += pcm[i] * pcm[i];
    const ms = s / FRAME_LEN;
    out[f] = ms > 0 ? Math.max(DB_FLOOR, 10 * Math.log10(ms)) : DB_FLOOR;
  }
  return out;
}

/** Frames that carry the voice rather than silence or faint background, by energy alone. */
export function activeFrames(energyDb: Float64Array): Uint8Array {
  let loudest = -Infinity;
  for (const e of energyDb) loudest = Math.max(loudest, e);
  const gate = Math.max(SILENCE_FLOOR_DB, loudest - ACTIVE_RANGE_DB);
  return Uint8Array.from(energyDb, (e) => (e > gate ? 1 : 0));
}
