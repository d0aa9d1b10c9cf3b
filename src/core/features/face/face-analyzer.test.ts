import { beforeAll, expect, it } from 'vitest';
import { intersectionOverUnion } from './blazeface';
import { FaceAnalyzer, EXPRESSIONS } from './face-analyzer';
import { decodeFrames, facedetectExamplesPresent, GRACE_FACE, GRACE_HOPPER, LANDSCAPE, twoFacesFrame, withGraceHopperVideo } from './face-fixture';
import { summarizeFaces } from './face-features';
import { describeNeeds } from '../../test-util/needs';

// Skipped with the reason where Debian's facedetect examples are missing; a failure under CI=true.
const missing = facedetectExamplesPresent() ? null : `${GRACE_HOPPER} is missing (apt-get install facedetect)`;

describeNeeds(missing)('FaceAnalyzer on real photos (Debian facedetect\'s examples)', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create({ ep: 'cpu' });
  });

  it('finds Grace Hopper in ≥ 90 % of frames sampled from a generated video, boxed around her face', async () => {
    // The photo slides right at 60 px/s from x = 100, y = 14 on the canvas (face-fixture.ts).
    const frames = withGraceHopperVideo(3, (file) => decodeFrames(file, 960, 540, 4));
    expect(frames.length).toBeGreaterThanOrEqual(10);
    const results = await analyzer.analyzeFrames(frames);
    const found = results.filter((r) => r.face);
    expect(found.length / results.length).toBeGreaterThanOrEqual(0.9);
    for (const r of found) {
      const t = r.tMs / 1000;
      const truth = { x: GRACE_FACE.x + 100 + 60 * t, y: GRACE_FACE.y + 14, width: GRACE_FACE.width, height: GRACE_FACE.height, score: 1 };
      expect(intersectionOverUnion(r.face!, truth), `frame at ${r.tMs} ms`).toBeGreaterThan(0.5);
      expect(r.faceCount).toBe(1);
      const p = Array.from(r.expressions!);
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 3);
    }
    const summary = summarizeFaces(results);
    expect(summary.values.faceRatio).toBeGreaterThanOrEqual(0.9);
    // A calm official portrait: neutral dominates (0.97 on the still, ~0.9 through compression).
    expect(summary.values.neutralMean).toBeGreaterThan(0.6);
    // 60 px/s at 4 fps is 15 px between frames, about 0.07 face sizes.
    expect(summary.values.faceMotion).toBeGreaterThan(0.04);
    expect(summary.values.faceMotion).toBeLessThan(0.12);
  });

  it('finds no face in the landscape photo', async () => {
    const [frame] = decodeFrames(LANDSCAPE, 640, 427);
    expect(await analyzer.detectFaces(frame)).toEqual([]);
    const [r] = await analyzer.analyzeFrames([frame]);
    expect(r.face).toBeNull();
    expect(r.expressions).toBeNull();
  });

  it('reads the still portrait as neutral and places the box on the face', async () => {
    const [frame] = decodeFrames(GRACE_HOPPER, 512, 512);
    const [r] = await analyzer.analyzeFrames([frame]);
    expect(intersectionOverUnion(r.face!, { ...GRACE_FACE, score: 1 })).toBeGreaterThan(0.6);
    const probs = Array.from(r.expressions!);
    expect(EXPRESSIONS[probs.indexOf(Math.max(...probs))]).toBe('neutral');
  });

  it('with two faces, detects both and describes the larger one', async () => {
    const { frame, large, small } = twoFacesFrame();
    const faces = await analyzer.detectFaces(frame);
    expect(faces).toHaveLength(2);
    expect(faces.some((f) => intersectionOverUnion(f, { ...small, score: 1 }) > 0.5)).toBe(true);
    const [r] = await analyzer.analyzeFrames([frame]);
    expect(r.faceCount).toBe(2);
    expect(intersectionOverUnion(r.face!, { ...large, score: 1 })).toBeGreaterThan(0.5);
  });

  it('rejects a frame whose buffer does not match its size', async () => {
    await expect(analyzer.detectFaces({ tMs: 1234, width: 10, height: 10, data: new Uint8Array(10) })).rejects.toThrow(/1234 ms.*300 bytes/);
  });
});
