/**
 * Cycle-level perturbation in the spirit of Praat's "local" jitter and shimmer: within each run of
 * voiced frames, pitch marks are placed on successive waveform maxima one local period apart; jitter
 * is the mean absolute difference of consecutive periods over the mean period, shimmer the same for
 * each cycle's peak-to-trough amplitude. Both are fractions (0.01 = 1 %). Frame-to-frame F0
 * changes would mostly measure intonation, not cycle irregularity, hence the marks.
 */
import { HOP_LEN, FRAME_LEN, SAMPLE_RATE } from './framing';

export interface Perturbation {
  jitter: number;
  shimmer: number;
  cycles: number;
}

/** Consecutive periods differing by more than this factor are a marking error, not jitter (Praat uses 1.3). */
const MAX_PERIOD_FACTOR = 1.3;

export function perturbation(pcm: Float32Array, f0: Float64Array): Perturbation {
  let jitterSum = 0;
  let jitterN = 0;
  let periodSum = 0;
  let periodN = 0;
  let shimmerSum = 0;
  let shimmerN = 0;
  let ampSum = 0;
  let ampN = 0;
  let cycles = 0;

  let f = 0;
  while (f < f0.length) {
    if (f0[f] <= 0) {
      f++;
      continue;
    }
    let g = f;
    while (g + 1 < f0.length && f0[g + 1] > 0) g++;
    const runStart = f * HOP_LEN + (FRAME_LEN - HOP_LEN) / 2;
    const runEnd = Math.min(pcm.length, g * HOP_LEN + (FRAME_LEN + HOP_LEN) / 2);
    const periodAt = (pos: number) => {
      const idx = Math.min(g, Math.max(f, Math.round((pos - FRAME_LEN / 2) / HOP_LEN)));
      return SAMPLE_RATE / (f0[idx] > 0 ? f0[idx] : f0[f]);
    };
    const marks: number[] = [];
    let mark = peakIn(pcm, runStart, runStart + periodAt(runStart));
    while (mark >= 0) {
      marks.push(mark);
      const t = periodAt(mark);
      if (mark + 1.2 * t >= runEnd) break;
      mark = peakIn(pcm, mark + 0.8 * t, mark + 1.2 * t);
    }
    const periods: number[] = [];
    const amps: number[] = [];
    for (let i = 0; i + 1 < marks.length; i++) {
      periods.push(marks[i + 1] - marks[i]);
      amps.push(cycleAmplitude(pcm, marks[i], marks[i + 1]));
    }
    cycles += periods.length;
    for (let i = 0; i < periods.length; i++) {
      periodSum += periods[i];
      periodN++;
      ampSum += amps[i];
      ampN++;
      if (i === 0) continue;
      const ratio = Math.max(periods[i], periods[i - 1]) / Math.min(periods[i], periods[i - 1]);
      if (ratio > MAX_PERIOD_FACTOR) continue;
      jitterSum += Math.abs(periods[i] - periods[i - 1]);
      jitterN++;
      shimmerSum += Math.abs(amps[i] - amps[i - 1]);
      shimmerN++;
    }
    f = g + 1;
  }
  const meanPeriod = periodN > 0 ? periodSum / periodN : 0;
  const meanAmp = ampN > 0 ? ampSum / ampN : 0;
  return {
    jitter: jitterN > 0 && meanPeriod > 0 ? jitterSum / jitterN / meanPeriod : 0,
    shimmer: shimmerN > 0 && meanAmp > 0 ? shimmerSum / shimmerN / meanAmp : 0,
    cycles,
  };
}

/** Position of the largest sample in [from, to), refined to a fraction of a sample; -1 if empty. */
function peakIn(pcm: Float32Array, from: number, to: number): number {
  const a = Math.max(1, Math.ceil(from));
  const b = Math.min(pcm.length - 1, Math.floor(to));
  if (a >= b) return -1;
  let bi = a;
  for (let i = a + 1; i < b; i++) if (pcm[i] > pcm[bi]) bi = i;
  const y0 = pcm[bi - 1];
  const y1 = pcm[bi];
  const y2 = pcm[bi + 1];
  const den = y0 - 2 * y1 + y2;
  return den < 0 ? bi + Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / den)) : bi;
}

/**
 * The cycle's peak (at its mark) down to the trough that follows it: peak-to-trough rather than the
 * bare peak so a DC offset does not dilute the relative differences, and not the interval's full
 * range, which would pick up the next cycle's rising edge.
 */
function cycleAmplitude(pcm: Float32Array, mark: number, nextMark: number): number {
  const peak = pcm[Math.round(mark)];
  let lo = Infinity;
  for (let i = Math.ceil(mark); i < Math.min(pcm.length, Math.ceil(nextMark)); i++) if (pcm[i] < lo) lo = pcm[i];
  return peak > lo ? peak - lo : 0;
}
