/**
 * One segment's voice feature record from its 16 kHz mono PCM (and, for the rate features, its
 * transcript text). Units are in the names: Hz, St (semitones — scale-free, so comparable across
 * voices), Db (dBFS), Wps (words per second); jitter, shimmer, ratios and harmonicity are fractions.
 * A statistic that is undefined for a segment (no voiced frame, no active frame) is 0, never NaN,
 * and voicingRatio / pauseRatio say why.
 */
import { activeFrames, frameCount, frameEnergyDb, HOP_MS, SAMPLE_RATE } from './framing';
import { perturbation } from './perturbation';
import { trackPitch, type PitchOptions } from './pitch';
import { N_MFCC, spectralFrames } from './spectral';
import { max, mean, percentile, slope, std } from './stats';

const MFCC_MEANS = Array.from({ length: N_MFCC }, (_, k) => `mfcc${k}Mean` as const);
const MFCC_STDS = Array.from({ length: N_MFCC }, (_, k) => `mfcc${k}Std` as const);

/** The fixed order of the audio feature vector. Append new names at the end; never reorder. */
export const AUDIO_FEATURE_NAMES = [
  'f0MeanHz',
  'f0StdSt',
  'f0RangeSt',
  'f0SlopeStPerS',
  'voicingRatio',
  'harmonicity',
  'jitterLocal',
  'shimmerLocal',
  'energyMeanDb',
  'energyStdDb',
  'energyMaxDb',
  'energyRangeDb',
  'spectralCentroidMeanHz',
  'spectralCentroidStdHz',
  'spectralRolloffMeanHz',
  'spectralRolloffStdHz',
  'spectralFluxMean',
  'spectralFluxStd',
  ...MFCC_MEANS,
  ...MFCC_STDS,
  'speakingRateWps',
  'articulationRateWps',
  'pauseRatio',
] as const;

export type AudioFeatureName = (typeof AUDIO_FEATURE_NAMES)[number];
export type AudioFeatures = Record<AudioFeatureName, number>;

/** Bump when any definition above changes, so cached features are recomputed. */
export const AUDIO_EXTRACTOR_VERSION = 'voice-1';

export interface VoiceFeatureOptions {
  /** Transcript text of the segment, for the rate features; omitted → rates are 0. */
  text?: string;
  /**
   * Silero speech probabilities for this segment's audio (one per 32 ms frame, as
   * `speechProbabilities` in segmentation/vad.ts returns). When given, pauses come from them;
   * otherwise from energy gating.
   */
  speechProb?: ArrayLike<number>;
  /** Probability at or above which a VAD frame counts as speech (default 0.5). */
  speechThreshold?: number;
  pitch?: PitchOptions;
}

/** Frames this far below the segment's loud level (95th percentile) count as pause under energy gating. */
const PAUSE_BELOW_LOUD_DB = 25;
const REF_HZ = 100;

export function computeVoiceFeatures(pcm: Float32Array, opts: VoiceFeatureOptions = {}): AudioFeatures {
  const nf = frameCount(pcm.length);
  const durationS = pcm.length / SAMPLE_RATE;
  const energy = frameEnergyDb(pcm);
  const active = activeFrames(energy);
  const activeEnergy: number[] = [];
  energy.forEach((e, i) => active[i] && activeEnergy.push(e));
  const level = activeEnergy.length > 0 ? activeEnergy : Array.from(energy);

  const { f0, aperiodicity } = trackPitch(pcm, active, opts.pitch);
  const st: number[] = [];
  const tS: number[] = [];
  const hz: number[] = [];
  const harmonic: number[] = [];
  for (let f = 0; f < nf; f++) {
    if (f0[f] <= 0) continue;
    hz.push(f0[f]);
    st.push(12 * Math.log2(f0[f] / REF_HZ));
    tS.push((f * HOP_MS) / 1000);
    harmonic.push(1 - aperiodicity[f]);
  }
  const pert = perturbation(pcm, f0);
  const spec = spectralFrames(pcm, active);

  const pauseRatio = opts.speechProb
    ? vadPauseRatio(opts.speechProb, opts.speechThreshold ?? 0.5)
    : energyPauseRatio(energy);
  const words = opts.text ? countWords(opts.text) : 0;
  const speechS = durationS * (1 - pauseRatio);

  const out: Partial<AudioFeatures> = {
    f0MeanHz: mean(hz),
    f0StdSt: std(st),
    f0RangeSt: percentile(st, 95) - percentile(st, 5),
    f0SlopeStPerS: slope(tS, st),
    voicingRatio: nf > 0 ? hz.length / nf : 0,
    harmonicity: mean(harmonic),
    jitterLocal: pert.jitter,
    shimmerLocal: pert.shimmer,
    energyMeanDb: mean(level),
    energyStdDb: std(level),
    energyMaxDb: max(level),
    energyRangeDb: percentile(level, 95) - percentile(level, 5),
    spectralCentroidMeanHz: mean(spec.centroidHz),
    spectralCentroidStdHz: std(spec.centroidHz),
    spectralRolloffMeanHz: mean(spec.rolloffHz),
    spectralRolloffStdHz: std(spec.rolloffHz),
    spectralFluxMean: mean(spec.flux),
    spectralFluxStd: std(spec.flux),
    speakingRateWps: durationS > 0 ? words / durationS : 0,
    articulationRateWps: speechS > 0 ? words / speechS : 0,
    pauseRatio,
  };
  for (let k = 0; k < N_MFCC; k++) {
    out[MFCC_MEANS[k]] = mean(spec.mfcc[k]);
    out[MFCC_STDS[k]] = std(spec.mfcc[k]);
  }
  return Object.fromEntries(AUDIO_FEATURE_NAMES.map((n) => [n, out[n] as number])) as AudioFeatures;
}

/** Words as runs of letters/digits (apostrophes and hyphens inside a word keep it one word). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

function vadPauseRatio(prob: ArrayLike<number>, threshold: number): number {
  if (prob.length === 0) return 0;
  let pauses = 0;
  for (let i = 0; i < prob.length; i++) if (prob[i] < threshold) pauses++;
  return pauses / prob.length;
}

function energyPauseRatio(energy: Float64Array): number {
  if (energy.length === 0) return 0;
  const loud = percentile(energy, 95);
  const gate = Math.max(-70, loud - PAUSE_BELOW_LOUD_DB);
  let pauses = 0;
  for (const e of energy) if (e <= gate) pauses++;
  return pauses / energy.length;
}

/** Fixed-order numeric vector of a feature record, for models. */
export function audioFeatureVector(features: AudioFeatures): Float32Array {
  return Float32Array.from(AUDIO_FEATURE_NAMES, (n) => features[n]);
}
