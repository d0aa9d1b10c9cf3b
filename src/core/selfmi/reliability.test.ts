import { describe, expect, it } from 'vitest';
import { makeRng, type Rng } from './rng';
import { intervalCoverage } from './metrics';
import { constantReliability, coverageScale, fitSpread, fuse, scaled, spreadOf, type Reliability } from './reliability';

const gauss = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

describe('spread models', () => {
  it('recover a spread that depends on the representation, and cover 80 % after scaling', () => {
    const rng = makeRng(3);
    // True sd = exp(0.8 x0 - 0.3): x0 in [0, 2] → sd from 0.74 to 3.7; x1 is noise.
    const make = (n: number) => {
      const F = Array.from({ length: n }, () => [2 * rng.next(), rng.next()]);
      const r = F.map((f) => Math.exp(0.8 * f[0] - 0.3) * gauss(rng));
      return { F, r };
    };
    const fit = make(3000);
    const m = fitSpread(fit.F, fit.r);
    expect(m.w[0]).toBeGreaterThan(0.6);
    expect(m.w[0]).toBeLessThan(1.0);
    expect(Math.abs(m.w[1])).toBeLessThan(0.2);
    const c = coverageScale(fit.F.map((f) => spreadOf(m, f)), fit.r);
    const held = make(3000);
    const sd = held.F.map((f) => spreadOf(scaled(m, c), f));
    const cov = intervalCoverage(new Array(3000).fill(0), sd, held.r, 0.8, Infinity);
    expect(cov).toBeGreaterThan(0.77);
    expect(cov).toBeLessThan(0.83);
    // A constant spread fitted to the same data covers 80 % overall but not within the calm and the wild halves.
    const flat = fitSpread(fit.F.map(() => [0]), fit.r);
    const calm = held.F.map((f, i) => [f, held.r[i]] as const).filter(([f]) => f[0] < 1);
    const flatSd = spreadOf(scaled(flat, coverageScale(fit.F.map(() => spreadOf(flat, [0])), fit.r)), [0]);
    expect(intervalCoverage(calm.map(() => 0), calm.map(() => flatSd), calm.map(([, r]) => r), 0.8, Infinity)).toBeGreaterThan(0.9);
  });
});

describe('reliability-weighted fusion', () => {
  const rel: Reliability = constantReliability({ text: 2, audio: 2, video: 2 }, { text: true, audio: true, video: true });
  const all = { text: 1, audio: 1, video: 1 };
  it('lets voice and face move the score when the words are neutral and vague', () => {
    const f = fuse(rel, { text: 0, audio: 1.8, video: 1.5 }, { text: 2, audio: 0.9, video: 1 }, all);
    expect(f.score).toBeGreaterThan(1.2);
  });
  it('lets polar, certain words lead over a flat, vague voice', () => {
    const f = fuse(rel, { text: 2.5, audio: 0, video: 0 }, { text: 0.6, audio: 1.5, video: 1.5 }, { text: 1, audio: 1, video: 0 });
    expect(f.score).toBeGreaterThan(1.25);
  });
  it('drops a missing modality instead of averaging it in, and narrows with agreeing evidence', () => {
    const mu = { text: 1, audio: 1, video: -3 };
    const sd = { text: 1, audio: 1, video: 0.5 };
    const noFace = fuse(rel, mu, sd, { text: 1, audio: 1, video: 0 });
    expect(noFace.score).toBeGreaterThan(0.9);
    expect(fuse(rel, mu, sd, all).score).toBeLessThan(0);
    const one = fuse(rel, mu, sd, { text: 1, audio: 0, video: 0 });
    expect(noFace.sd).toBeLessThan(one.sd);
  });
  it('gives the prior (0, priorSd) when nothing is present, and ignores untrained heads', () => {
    const none = fuse(rel, { text: 2, audio: 2, video: 2 }, { text: 1, audio: 1, video: 1 }, { text: 0, audio: 0, video: 0 });
    expect(none).toEqual({ score: 0, sd: rel.priorSd });
    const noVideo = { ...rel, spread: { ...rel.spread, video: null } };
    const f = fuse(noVideo, { text: 1, audio: 1, video: -3 }, { text: 1, audio: 1, video: 0.1 }, all);
    expect(f.score).toBeGreaterThan(0.9);
  });
});
