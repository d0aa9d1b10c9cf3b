import { describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES, computeVoiceFeatures, countWords, normalizePerSpeaker, voiceFeaturesForRecording } from './index';
import { espeakPcm16k, joinPcm, tone } from './speech-fixture';

const SENTENCE = 'The quick brown fox jumps over the lazy dog. We are reviewing the meeting today.';
const speech = espeakPcm16k(SENTENCE);
const SR = 16000;

/**
 * Voice-like test signal with known perturbation: one sine cycle per glottal period, period and
 * amplitude drawn from a fixed pseudo-random sequence. Returns the signal and the true jitter and
 * shimmer as this tracker defines them (marks on each cycle's peak, at a quarter of its period).
 */
function perturbedVoice(meanPeriod: number, periodSpread: number, meanAmp: number, ampSpread: number, seconds: number) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const out: number[] = [];
  const periods: number[] = [];
  const amps: number[] = [];
  while (out.length < seconds * SR) {
    const p = Math.round(meanPeriod + periodSpread * rand());
    const a = meanAmp + ampSpread * rand();
    periods.push(p);
    amps.push(a);
    for (let k = 0; k < p; k++) out.push(a * Math.sin((2 * Math.PI * k) / p));
  }
  const marks = periods.map((_, i) => periods.slice(0, i).reduce((s, x) => s + x, 0) + periods[i] / 4);
  const intervals = marks.slice(1).map((m, i) => m - marks[i]);
  const meanAbsDiff = (xs: number[]) => xs.slice(1).reduce((s, x, i) => s + Math.abs(x - xs[i]), 0) / (xs.length - 1);
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    pcm: Float32Array.from(out),
    jitter: meanAbsDiff(intervals) / avg(intervals),
    shimmer: meanAbsDiff(amps) / avg(amps),
  };
}

describe('computeVoiceFeatures', () => {
  it('returns every named feature, finite, in the exported order', () => {
    const f = computeVoiceFeatures(speech, { text: SENTENCE });
    expect(Object.keys(f)).toEqual([...AUDIO_FEATURE_NAMES]);
    for (const n of AUDIO_FEATURE_NAMES) expect(Number.isFinite(f[n]), n).toBe(true);
  });

  it('tracks a 220 Hz tone within 1 %, fully voiced, without perturbation', () => {
    const f = computeVoiceFeatures(tone(220, 1500));
    expect(Math.abs(f.f0MeanHz - 220) / 220).toBeLessThan(0.01);
    expect(f.voicingRatio).toBeGreaterThan(0.95);
    expect(f.f0StdSt).toBeLessThan(0.05);
    expect(f.jitterLocal).toBeLessThan(0.002);
    expect(f.shimmerLocal).toBeLessThan(0.01);
    expect(Math.abs(f.spectralCentroidMeanHz - 220)).toBeLessThan(40);
  });

  it('tracks low and high voices too (90 Hz, 330 Hz)', () => {
    expect(Math.abs(computeVoiceFeatures(tone(90, 1000)).f0MeanHz - 90) / 90).toBeLessThan(0.01);
    expect(Math.abs(computeVoiceFeatures(tone(330, 1000)).f0MeanHz - 330) / 330).toBeLessThan(0.01);
  });

  it('finds no voice in silence, and every frame is a pause', () => {
    const f = computeVoiceFeatures(new Float32Array(SR * 2));
    expect(f.voicingRatio).toBe(0);
    expect(f.f0MeanHz).toBe(0);
    expect(f.pauseRatio).toBe(1);
    const empty = computeVoiceFeatures(new Float32Array(0), { text: 'words' });
    for (const n of AUDIO_FEATURE_NAMES) expect(Number.isFinite(empty[n]), n).toBe(true);
    // Shorter than one 25 ms window: still one (zero-padded) frame, all values defined.
    const short = computeVoiceFeatures(tone(220, 20));
    for (const n of AUDIO_FEATURE_NAMES) expect(Number.isFinite(short[n]), n).toBe(true);
  });

  it('raises energy by 6 dB ± 0.1 when the speech is 6 dB louder', () => {
    const gain = 10 ** (6 / 20);
    const louder = speech.map((x) => x * gain);
    const a = computeVoiceFeatures(speech);
    const b = computeVoiceFeatures(louder);
    expect(Math.abs(b.energyMeanDb - a.energyMeanDb - 6)).toBeLessThan(0.1);
    expect(Math.abs(b.energyMaxDb - a.energyMaxDb - 6)).toBeLessThan(0.1);
    // Level-free descriptors must not move with gain.
    expect(Math.abs(b.f0MeanHz - a.f0MeanHz)).toBeLessThan(1);
    expect(Math.abs(b.spectralCentroidMeanHz - a.spectralCentroidMeanHz)).toBeLessThan(5);
  });

  it('finds espeak-ng speech voiced, at a male-voice F0, with pauses and a plausible rate', () => {
    const f = computeVoiceFeatures(speech, { text: SENTENCE });
    expect(f.voicingRatio).toBeGreaterThan(0.3);
    expect(f.f0MeanHz).toBeGreaterThan(70);
    expect(f.f0MeanHz).toBeLessThan(160);
    expect(f.f0RangeSt).toBeGreaterThan(1);
    const seconds = speech.length / SR;
    expect(f.speakingRateWps).toBeCloseTo(15 / seconds, 6);
    expect(f.articulationRateWps).toBeGreaterThanOrEqual(f.speakingRateWps);
    expect(f.spectralCentroidMeanHz).toBeGreaterThan(300);
  });

  it('measures cycle-to-cycle period and amplitude perturbation as jitter and shimmer', () => {
    // ≈200 Hz with periods 80 ± 3 samples and amplitudes 0.45 ± 0.05.
    const v = perturbedVoice(80, 3, 0.45, 0.05, 1.5);
    expect(v.jitter).toBeGreaterThan(0.015);
    const f = computeVoiceFeatures(v.pcm);
    expect(f.voicingRatio).toBeGreaterThan(0.9);
    expect(Math.abs(f.jitterLocal - v.jitter) / v.jitter).toBeLessThan(0.1);
    expect(Math.abs(f.shimmerLocal - v.shimmer) / v.shimmer).toBeLessThan(0.1);
  });

  it('counts added silence as pause (energy gating) and follows VAD probabilities when given', () => {
    const base = computeVoiceFeatures(speech).pauseRatio;
    const padded = computeVoiceFeatures(joinPcm([1000, speech, 1000]));
    const seconds = speech.length / SR;
    const expected = (base * seconds + 2) / (seconds + 2);
    expect(Math.abs(padded.pauseRatio - expected)).toBeLessThan(0.03);
    const vad = computeVoiceFeatures(speech, { speechProb: [0.9, 0.9, 0.1, 0.2] });
    expect(vad.pauseRatio).toBe(0.5);
  });
});

describe('countWords', () => {
  it('counts words, keeping contractions and hyphenated words whole', () => {
    expect(countWords("We don't re-run it, OK? 42 times — ça va.")).toBe(9);
    expect(countWords('  ')).toBe(0);
  });
});

describe('normalizePerSpeaker', () => {
  it('z-scores each speaker against their own statistics and keeps the raw values', () => {
    const rows = normalizePerSpeaker([
      { speaker: 'A', values: { f0: 100, e: 1 } },
      { speaker: 'B', values: { f0: 200, e: 5 } },
      { speaker: 'A', values: { f0: 120, e: 1 } },
      { speaker: 'B', values: { f0: 260, e: 5 } },
      { speaker: null, values: { f0: 150, e: 2 } },
    ]);
    expect(rows[0].z.f0).toBeCloseTo(-1, 9);
    expect(rows[2].z.f0).toBeCloseTo(1, 9);
    expect(rows[3].z.f0).toBeCloseTo(1, 9);
    expect(rows[3].raw.f0).toBe(260);
    expect(rows[1].z.e).toBe(0);
    expect(rows[4].z.f0).toBe(0);
    expect(rows.map((r) => r.speaker)).toEqual(['A', 'B', 'A', 'B', null]);
  });
});

describe('voiceFeaturesForRecording', () => {
  it('normalises per speaker: a louder copy of the same speech stands out only within its speaker', () => {
    const loud = speech.map((x) => x * 2);
    const rows = voiceFeaturesForRecording([
      { speaker: 'A', pcm: speech, text: SENTENCE },
      { speaker: 'A', pcm: loud, text: SENTENCE },
      { speaker: 'B', pcm: loud, text: SENTENCE },
    ]);
    expect(rows[1].raw.energyMeanDb - rows[0].raw.energyMeanDb).toBeCloseTo(6.02, 1);
    expect(rows[0].z.energyMeanDb).toBeCloseTo(-1, 6);
    expect(rows[1].z.energyMeanDb).toBeCloseTo(1, 6);
    expect(rows[2].z.energyMeanDb).toBe(0);
    expect(rows[2].raw.energyMeanDb).toBeCloseTo(rows[1].raw.energyMeanDb, 9);
  });
});
