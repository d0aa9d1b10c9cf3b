import { describe, expect, it } from 'vitest';
import { espeakPcm16k, joinPcm } from '../features/audio/speech-fixture';
import { detectSpeech, probabilitiesBetween, regionsFromProbabilities, speechProbabilities, speechProbabilitiesBatch, VAD_FRAME_MS } from './vad';

/** Where espeak-ng's own output actually has sound (it pads with a little silence itself). */
function soundingSpan(pcm: Float32Array): [number, number] {
  let a = 0;
  let b = pcm.length - 1;
  while (a < pcm.length && Math.abs(pcm[a]) < 0.01) a++;
  while (b > a && Math.abs(pcm[b]) < 0.01) b--;
  return [(a / 16000) * 1000, (b / 16000) * 1000];
}

describe('detectSpeech (Silero VAD v5)', () => {
  it('finds each sentence of espeak-ng speech separated by silences, near the true bounds', async () => {
    const sentences = ['Good morning everyone, let us begin the review.', 'The budget looks fine to me.', 'I disagree with that completely.'];
    const gapsMs = [800, 1500, 1200, 700];
    const parts: (Float32Array | number)[] = [gapsMs[0]];
    const truth: [number, number][] = [];
    let at = gapsMs[0];
    sentences.forEach((s, i) => {
      const pcm = espeakPcm16k(s);
      const [a, b] = soundingSpan(pcm);
      truth.push([at + a, at + b]);
      at += (pcm.length / 16000) * 1000 + gapsMs[i + 1];
      parts.push(pcm, gapsMs[i + 1]);
    });
    const regions = await detectSpeech(joinPcm(parts));
    expect(regions).toHaveLength(truth.length);
    regions.forEach((r, i) => {
      expect(Number.isInteger(r.startMs) && Number.isInteger(r.endMs)).toBe(true);
      expect(Math.abs(r.startMs - truth[i][0])).toBeLessThan(250);
      expect(Math.abs(r.endMs - truth[i][1])).toBeLessThan(350);
    });
  });

  it('finds nothing in silence or faint noise', async () => {
    expect(await detectSpeech(new Float32Array(16000 * 3))).toEqual([]);
    let seed = 7;
    const noise = Float32Array.from({ length: 16000 * 3 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 0.003 * (seed / 2147483648 - 0.5);
    });
    expect(await detectSpeech(noise)).toEqual([]);
  });

  it('gives one probability per 32 ms frame, high in speech and low in silence', async () => {
    const speech = espeakPcm16k('Probability check for the pause ratio.');
    const pcm = joinPcm([1000, speech, 1000]);
    const probs = await speechProbabilities(pcm);
    expect(probs.length).toBe(Math.ceil(pcm.length / 512));
    const silent = probabilitiesBetween(probs, 0, 900);
    const spoken = probabilitiesBetween(probs, 1300, 1000 + (speech.length / 16000) * 1000 - 500);
    expect(Math.max(...silent)).toBeLessThan(0.2);
    expect(spoken.reduce((s, p) => s + p, 0) / spoken.length).toBeGreaterThan(0.6);
  });

  it('gives a batch of buffers of different lengths the probabilities each gets alone (measured identical; allowed |Δp| <= 1e-4)', async () => {
    const a = espeakPcm16k('The budget looks fine to me.');
    const b = joinPcm([300, espeakPcm16k('I disagree with that completely, and I will say so.'), 700]);
    const c = joinPcm([200, a, 100]).subarray(0, 16000 * 1.3 + 17); // ends mid-frame
    const bufs = [b, new Float32Array(0), a, c, new Float32Array(100)];
    const batched = await speechProbabilitiesBatch(bufs);
    expect(batched.map((p) => p.length)).toEqual(bufs.map((x) => Math.ceil(x.length / 512)));
    let worst = 0;
    for (let i = 0; i < bufs.length; i++) {
      const alone = await speechProbabilities(bufs[i]);
      alone.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - batched[i][k]))));
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(Math.max(...batched[0])).toBeGreaterThan(0.8); // speech, so the comparison means something
  });
});

it('stops when cancelled', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  await expect(speechProbabilities(new Float32Array(16000), { signal: ctrl.signal })).rejects.toThrow(/cancelled/);
});

describe('regionsFromProbabilities', () => {
  const frames = (spec: string) => Array.from(spec, (c) => (c === '#' ? 0.9 : c === '~' ? 0.45 : 0.05));
  const ms = (n: number) => n * VAD_FRAME_MS;

  it('keeps a short pause inside speech and splits at a long one (min silence)', () => {
    // 10 speech, 5 silent (160 ms < 300 ms), 10 speech, 20 silent (640 ms), 10 speech.
    const p = frames('#'.repeat(10) + '.'.repeat(5) + '#'.repeat(10) + '.'.repeat(20) + '#'.repeat(10));
    const r = regionsFromProbabilities(p, ms(p.length), { speechPadMs: 0 });
    expect(r).toEqual([
      { startMs: 0, endMs: Math.round(ms(25)) },
      { startMs: Math.round(ms(45)), endMs: Math.round(ms(55)) },
    ]);
  });

  it('holds speech through frames between the two thresholds (hysteresis)', () => {
    const p = frames('#'.repeat(10) + '~'.repeat(15) + '#'.repeat(10) + '.'.repeat(20));
    expect(regionsFromProbabilities(p, ms(p.length), { speechPadMs: 0 })).toEqual([{ startMs: 0, endMs: Math.round(ms(35)) }]);
    // Without hysteresis the middle run is silence long enough to split.
    expect(regionsFromProbabilities(p, ms(p.length), { speechPadMs: 0, negThreshold: 0.5 })).toHaveLength(2);
  });

  it('drops regions shorter than min speech and pads the rest without overlap', () => {
    const p = frames('.'.repeat(20) + '#'.repeat(4) + '.'.repeat(20) + '#'.repeat(20) + '.'.repeat(12) + '#'.repeat(20) + '.'.repeat(20));
    const r = regionsFromProbabilities(p, ms(p.length), { speechPadMs: 250 });
    expect(r).toHaveLength(2);
    expect(r[0].startMs).toBe(Math.round(ms(44) - 250));
    // The 12-frame gap (384 ms) is narrower than two pads: both sides meet in its middle.
    expect(r[0].endMs).toBe(Math.round(ms(70)));
    expect(r[1].startMs).toBe(r[0].endMs);
    expect(r[1].endMs).toBe(Math.round(ms(96) + 250));
  });
});
