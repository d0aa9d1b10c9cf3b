import { describe, expect, it } from 'vitest';
import { useSampleProject } from '../test-util/sample-project';
import { readFeatureRows } from './feature-matrix';
import { computeMissingFeatures } from './features';

const project = useSampleProject('features');

describe('feature pipeline', () => {
  it('computes all three modalities once, then recomputes only a changed segment', async () => {
    const first = await computeMissingFeatures(project.svc.db, { ep: 'cpu' });
    expect(first.computed).toEqual({ text: 12, audio: 12, video: 12 });
    // The stage clock (bench:features' breakdown) saw every stage run, ffmpeg's CPU included.
    for (const stage of ['text', 'voice', 'vad', 'faceDetect', 'expression', 'store'] as const) expect(first.stages[stage].wall, stage).toBeGreaterThan(0);
    expect(first.stages.decode.cpu).toBeGreaterThan(0);
    const rows = await readFeatureRows(project.svc.db);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.text).toHaveLength(384);
      expect(Math.hypot(...r.text!)).toBeCloseTo(1, 3);
      expect(r.audioRaw!.voicingRatio).toBeGreaterThan(0.2); // espeak speech is voiced
      expect(r.videoNamed!.faceRatio).toBeGreaterThanOrEqual(0.9); // the portrait is on screen throughout
    }
    // Per-speaker z-scores: each speaker's mean f0 z-score is ~0.
    for (const speaker of ['Ada', 'Ben']) {
      const zs = rows.filter((r) => r.segment.speaker === speaker).map((r) => r.audioNamed!.f0MeanHz);
      expect(Math.abs(zs.reduce((a, b) => a + b, 0) / zs.length)).toBeLessThan(1e-6);
    }

    const again = await computeMissingFeatures(project.svc.db, { ep: 'cpu' });
    expect(again.computed).toEqual({ text: 0, audio: 0, video: 0 });

    const seg = (await project.svc.api.listSegments({}))[3];
    await project.svc.api.updateSegmentBounds({ segmentId: seg.id, startMs: seg.startMs + 100, endMs: seg.endMs });
    const third = await computeMissingFeatures(project.svc.db, { ep: 'cpu' });
    expect(third.computed).toEqual({ text: 1, audio: 1, video: 1 });

    // A text edit changes the text and voice keys only: no video is decoded, no face model opened.
    project.svc.db.prepare('UPDATE segments SET text = ? WHERE id = ?').run(`${seg.text} indeed`, seg.id);
    const fourth = await computeMissingFeatures(project.svc.db, { ep: 'cpu' });
    expect(fourth.computed).toEqual({ text: 1, audio: 1, video: 0 });
    expect(fourth.providers.face).toBeNull();
    expect(fourth.stages.faceDetect.wall).toBe(0);
  });

  it('stops cleanly when cancelled and resumes afterwards', async () => {
    const seg = (await project.svc.api.listSegments({}))[5];
    await project.svc.api.splitSegment({ segmentId: seg.id, atMs: Math.round((seg.startMs + seg.endMs) / 2) });
    const ac = new AbortController();
    ac.abort();
    await expect(computeMissingFeatures(project.svc.db, { ep: 'cpu', signal: ac.signal })).rejects.toThrow(/cancel/);
    const resumed = await computeMissingFeatures(project.svc.db, { ep: 'cpu' });
    expect(resumed.computed.audio).toBe(2);
  });
});
