import { describe, expect, it } from 'vitest';
import type { FaceBox } from './blazeface';
import { chooseFace } from './choose-face';
import type { FrameFace } from './face-analyzer';
import { summarizeFaces, VIDEO_FEATURE_NAMES, videoFeatureVector, withExpressionBaseline } from './face-features';

const box = (x: number, y: number, size: number, score = 0.9): FaceBox => ({ x, y, width: size, height: size, score });
const probs = (neutral: number, happy: number) => Float32Array.from([neutral, happy, 1 - neutral - happy, 0, 0, 0, 0]);
const frame = (tMs: number, face: FaceBox | null, p: Float32Array | null): FrameFace => ({ tMs, face, faceCount: face ? 1 : 0, expressions: p });

describe('chooseFace', () => {
  const size = { width: 1000, height: 500 };
  it('takes the largest face', () => {
    expect(chooseFace([box(0, 0, 50, 0.99), box(700, 100, 120, 0.6)], size)).toEqual(box(700, 100, 120, 0.6));
  });
  it('breaks a near tie (within 10 % of area) by closeness to the frame centre', () => {
    expect(chooseFace([box(0, 0, 100), box(460, 200, 97)], size)).toEqual(box(460, 200, 97));
  });
  it('returns null without faces', () => {
    expect(chooseFace([], size)).toBeNull();
  });
});

describe('summarizeFaces', () => {
  it('gives presence ratio and mean/std/max over face frames only', () => {
    const s = summarizeFaces([
      frame(0, box(0, 0, 100), probs(0.8, 0.1)),
      frame(500, null, null),
      frame(1000, box(0, 0, 100), probs(0.4, 0.5)),
      frame(1500, null, null),
    ]);
    expect(s.values.faceRatio).toBe(0.5);
    expect(s.values.neutralMean).toBeCloseTo(0.6, 6);
    expect(s.values.neutralStd).toBeCloseTo(0.2, 6);
    expect(s.values.happyMax).toBeCloseTo(0.5, 6);
    expect(s.values.neutralDelta).toBe(0);
    expect(s.faceFrames).toBe(2);
    expect(Object.keys(s.values)).toEqual([...VIDEO_FEATURE_NAMES]);
  });

  it('is all zeros without any face', () => {
    const s = summarizeFaces([frame(0, null, null)]);
    expect(videoFeatureVector(s.values).every((v) => v === 0)).toBe(true);
  });

  it('measures head motion in face sizes per frame step', () => {
    const s = summarizeFaces([frame(0, box(0, 0, 100), probs(1, 0)), frame(500, box(30, 40, 100), probs(1, 0))]);
    expect(s.values.faceMotion).toBeCloseTo(0.5, 6);
  });
});

describe('withExpressionBaseline', () => {
  it('subtracts the recording-wide mean, weighted by face frames, and leaves faceless segments at 0', () => {
    const a = summarizeFaces([frame(0, box(0, 0, 10), probs(0.9, 0)), frame(1, box(0, 0, 10), probs(0.9, 0)), frame(2, box(0, 0, 10), probs(0.9, 0))]);
    const b = summarizeFaces([frame(0, box(0, 0, 10), probs(0.5, 0.4))]);
    const c = summarizeFaces([frame(0, null, null)]);
    const [ra, rb, rc] = withExpressionBaseline([a, b, c]);
    // Baseline neutral = (3·0.9 + 1·0.5) / 4 = 0.8.
    expect(ra.values.neutralDelta).toBeCloseTo(0.1, 6);
    expect(rb.values.neutralDelta).toBeCloseTo(-0.3, 6);
    expect(rb.values.happyDelta).toBeCloseTo(0.3, 6);
    expect(rc.values.neutralDelta).toBe(0);
    expect(a.values.neutralDelta).toBe(0);
  });

  it('uses each speaker\'s own baseline when speakers are given', () => {
    const seg = (neutral: number) => summarizeFaces([frame(0, box(0, 0, 10), probs(neutral, 0))]);
    const rows = withExpressionBaseline([seg(0.9), seg(0.7), seg(0.3), seg(0.1)], ['A', 'A', 'B', 'B']);
    expect(rows.map((r) => r.values.neutralDelta)).toEqual([0.1, -0.1, 0.1, -0.1].map((v) => expect.closeTo(v, 6)));
    expect(() => withExpressionBaseline([seg(0.5)], ['A', 'B'])).toThrow(/2 speakers for 1 segments/);
  });
});
