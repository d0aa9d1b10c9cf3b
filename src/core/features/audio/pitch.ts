/**
 * F0 tracker: YIN (de Cheveigné & Kawahara 2002) written from the paper — difference function,
 * cumulative-mean normalisation, absolute threshold with first-dip search, parabolic refinement.
 * It runs on the signal decimated to 8 kHz: voice F0 (60–500 Hz) is far below 4 kHz and the
 * quadratic-cost difference function then costs a quarter, which matters for an hour of audio.
 */
import { FRAME_LEN, HOP_LEN, SAMPLE_RATE, frameCount } from './framing';

export interface PitchOptions {
  minHz?: number;
  maxHz?: number;
  /**
   * Cumulative-mean-normalised difference below which a frame counts as periodic (YIN's threshold).
   * 0.35 rather than the paper's 0.1: measured against Praat's voicing (To Pitch, 60–500 Hz) on
   * four RAVDESS clips and espeak-ng speech, 0.2 found only 37–79 % of Praat's voiced frames while
   * 0.35 finds 70–92 % at ≥ 88 % precision, with F0 within 10 % of Praat's on ≥ 91 % of them
   * (given the octave check below).
   */
  threshold?: number;
}

export interface PitchTrack {
  /** F0 in Hz per 10 ms frame, 0 where unvoiced (frames as in framing.ts). */
  f0: Float64Array;
  /** Aperiodicity per frame: the normalised difference at the chosen lag, 1 where not analysed. */
  aperiodicity: Float64Array;
}

const DECIMATION = 2;
const OCTAVE_DOWN_RATIO = 0.5;
const LOW_RATE = SAMPLE_RATE / DECIMATION;
const WINDOW = FRAME_LEN / DECIMATION;
const HOP = HOP_LEN / DECIMATION;

/** Windowed-sinc (Hamming) anti-alias low-pass, cut-off 3.6 kHz at 16 kHz. */
const TAPS = (() => {
  const n = 31;
  const fc = 3600 / SAMPLE_RATE;
  const h = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const m = i - (n - 1) / 2;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    h[i] = sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1)));
    sum += h[i];
  }
  for (let i = 0; i < n; i++) h[i] /= sum;
  return h;
})();

export function decimate(pcm: Float32Array): Float64Array {
  const out = new Float64Array(Math.ceil(pcm.length / DECIMATION));
  const half = (TAPS.length - 1) / 2;
  for (let o = 0; o < out.length; o++) {
    const c = o * DECIMATION;
    let s = 0;
    for (let k = 0; k < TAPS.length; k++) {
      const i = c + k - half;
      if (i >= 0 && i < pcm.length) s += TAPS[k] * pcm[i];
    }
    out[o] = s;
  }
  return out;
}

/**
 * F0 per analysis frame. `analyse` (optional) marks the frames worth analysing — silent frames
 * are skipped, which both saves time and keeps noise floors from being called voiced.
 */
export function trackPitch(pcm: Float32Array, analyse?: Uint8Array, opts: PitchOptions = {}): PitchTrack {
  const minHz = opts.minHz ?? 60;
  const maxHz = opts.maxHz ?? 500;
  const threshold = opts.threshold ?? 0.35;
  const tauMin = Math.max(2, Math.floor(LOW_RATE / maxHz));
  const tauMax = Math.ceil(LOW_RATE / minHz);
  const x = decimate(pcm);
  const nf = frameCount(pcm.length);
  const f0 = new Float64Array(nf);
  const aperiodicity = new Float64Array(nf).fill(1);
  const d = new Float64Array(tauMax + 2);
  const cmnd = new Float64Array(tauMax + 2);
  const frame = new Float64Array(WINDOW + tauMax + 2);

  for (let f = 0; f < nf; f++) {
    if (analyse && !analyse[f]) continue;
    const start = f * HOP;
    for (let i = 0; i < frame.length; i++) frame[i] = start + i < x.length ? x[start + i] : 0;
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      // Four independent accumulators: the hot loop of the whole voice stage, and V8 does not
      // vectorise; this halves its time. WINDOW is a multiple of 4.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < WINDOW; j += 4) {
        const a = frame[j] - frame[j + tau];
        const b = frame[j + 1] - frame[j + 1 + tau];
        const c = frame[j + 2] - frame[j + 2 + tau];
        const e = frame[j + 3] - frame[j + 3 + tau];
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += e * e;
      }
      d[tau] = s0 + s1 + s2 + s3;
    }
    let running = 0;
    cmnd[0] = 1;
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      running += d[tau];
      cmnd[tau] = running > 0 ? (d[tau] * tau) / running : 1;
    }
    let best = -1;
    for (let tau = tauMin; tau <= tauMax; tau++) {
      if (cmnd[tau] < threshold) {
        while (tau + 1 <= tauMax && cmnd[tau + 1] < cmnd[tau]) tau++;
        best = tau;
        break;
      }
    }
    if (best < 0) {
      let lowest = Infinity;
      for (let tau = tauMin; tau <= tauMax; tau++) lowest = Math.min(lowest, cmnd[tau]);
      aperiodicity[f] = Math.min(1, lowest);
      continue;
    }
    // A first dip at half the true period (a strong first formant near 2·F0) leaves a much deeper
    // dip at twice its lag; a true period leaves one about as deep. Prefer the deeper one then.
    const lo2 = Math.floor(best * 1.8);
    const hi2 = Math.min(tauMax, Math.ceil(best * 2.2));
    let double = -1;
    for (let tau = lo2; tau <= hi2; tau++) if (double < 0 || cmnd[tau] < cmnd[double]) double = tau;
    if (double > 0 && cmnd[double] < OCTAVE_DOWN_RATIO * cmnd[best]) best = double;
    aperiodicity[f] = cmnd[best];
    const a = cmnd[best - 1];
    const b = cmnd[best];
    const c = cmnd[best + 1];
    const den = a - 2 * b + c;
    const shift = den > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
    f0[f] = LOW_RATE / (best + shift);
  }
  return { f0, aperiodicity };
}

