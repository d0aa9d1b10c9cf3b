/**
 * Per-frame spectral descriptors and MFCCs from one 512-point FFT of each Hann-windowed 25 ms frame.
 * Mel scale: HTK (2595·log10(1 + f/700)); 26 triangular filters 20 Hz–8 kHz on the power spectrum;
 * natural-log energies; orthonormal DCT-II keeping c0..c12 (c0 tracks overall log energy).
 */
import { RealFft } from './fft';
import { FRAME_LEN, HOP_LEN, SAMPLE_RATE, frameCount } from './framing';

export const N_MFCC = 13;
const N_FFT = 512;
const N_BINS = N_FFT / 2 + 1;
const N_MELS = 26;
const ROLLOFF_FRACTION = 0.85;
const LOG_FLOOR = 1e-10;

export interface SpectralFrames {
  centroidHz: number[];
  rolloffHz: number[];
  /** Change of the level-normalised magnitude spectrum from the previous analysed frame. */
  flux: number[];
  /** mfcc[k][i]: coefficient k of the i-th analysed frame. */
  mfcc: number[][];
}

const HANN = Float64Array.from({ length: FRAME_LEN }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME_LEN));
const BIN_HZ = Float64Array.from({ length: N_BINS }, (_, k) => (k * SAMPLE_RATE) / N_FFT);

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** MEL[m] is filter m's weight per FFT bin (sparse as [firstBin, weights]). */
const MEL: { first: number; w: Float64Array }[] = (() => {
  const lo = hzToMel(20);
  const hi = hzToMel(SAMPLE_RATE / 2);
  const edges = Array.from({ length: N_MELS + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (N_MELS + 1)));
  const filters = [];
  for (let m = 0; m < N_MELS; m++) {
    const [a, b, c] = [edges[m], edges[m + 1], edges[m + 2]];
    const first = Math.ceil((a * N_FFT) / SAMPLE_RATE);
    const last = Math.min(N_BINS - 1, Math.floor((c * N_FFT) / SAMPLE_RATE));
    const w = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      const hz = BIN_HZ[k];
      w[k - first] = hz <= b ? (hz - a) / (b - a) : (c - hz) / (c - b);
      if (w[k - first] < 0) w[k - first] = 0;
    }
    filters.push({ first, w });
  }
  return filters;
})();

const DCT: Float64Array[] = Array.from({ length: N_MFCC }, (_, k) =>
  Float64Array.from({ length: N_MELS }, (_, m) => {
    const scale = k === 0 ? Math.sqrt(1 / N_MELS) : Math.sqrt(2 / N_MELS);
    return scale * Math.cos((Math.PI * k * (m + 0.5)) / N_MELS);
  }),
);

const fft = new RealFft(N_FFT);

/** Descriptors of the frames marked in `analyse` (all frames when omitted). */
export function spectralFrames(pcm: Float32Array, analyse?: Uint8Array): SpectralFrames {
  const nf = frameCount(pcm.length);
  const out: SpectralFrames = { centroidHz: [], rolloffHz: [], flux: [], mfcc: Array.from({ length: N_MFCC }, () => []) };
  const buf = new Float64Array(FRAME_LEN);
  const power = new Float64Array(N_BINS);
  const mag = new Float64Array(N_BINS);
  const prevMag = new Float64Array(N_BINS);
  const melLog = new Float64Array(N_MELS);
  let havePrev = false;

  for (let f = 0; f < nf; f++) {
    if (analyse && !analyse[f]) {
      havePrev = false;
      continue;
    }
    const start = f * HOP_LEN;
    for (let i = 0; i < FRAME_LEN; i++) buf[i] = start + i < pcm.length ? pcm[start + i] * HANN[i] : 0;
    fft.power(buf, power);

    let magSum = 0;
    let weighted = 0;
    let total = 0;
    for (let k = 0; k < N_BINS; k++) {
      mag[k] = Math.sqrt(power[k]);
      magSum += mag[k];
      weighted += BIN_HZ[k] * mag[k];
      total += power[k];
    }
    if (magSum <= 0) {
      havePrev = false;
      continue;
    }
    out.centroidHz.push(weighted / magSum);

    let cum = 0;
    let rolloff = BIN_HZ[N_BINS - 1];
    for (let k = 0; k < N_BINS; k++) {
      cum += power[k];
      if (cum >= ROLLOFF_FRACTION * total) {
        rolloff = BIN_HZ[k];
        break;
      }
    }
    out.rolloffHz.push(rolloff);

    for (let k = 0; k < N_BINS; k++) mag[k] /= magSum;
    if (havePrev) {
      let s = 0;
      for (let k = 0; k < N_BINS; k++) s += (mag[k] - prevMag[k]) ** 2;
      out.flux.push(Math.sqrt(s));
    }
    prevMag.set(mag);
    havePrev = true;

    for (let m = 0; m < N_MELS; m++) {
      const { first, w } = MEL[m];
      let e = 0;
      for (let i = 0; i < w.length; i++) e += w[i] * power[first + i];
      melLog[m] = Math.log(e + LOG_FLOOR);
    }
    for (let c = 0; c < N_MFCC; c++) {
      const row = DCT[c];
      let s = 0;
      for (let m = 0; m < N_MELS; m++) s += row[m] * melLog[m];
      out.mfcc[c].push(s);
    }
  }
  return out;
}
