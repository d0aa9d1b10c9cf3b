import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSegments } from '../../media/extract';
import { probeMedia } from '../../media/probe';
import { FaceAnalyzer } from './face-analyzer';
import { summarizeFaces, VIDEO_FEATURE_NAMES } from './face-features';

/**
 * The detection cadence's tolerance (face-analyzer.ts DETECT_EVERY): on the shipped sample's 12
 * windows at 2 fps, tracking every other frame instead of detecting it moves each segment's face
 * features by at most 0.05 for means, spreads and deltas and 0.15 for maxima (measured 0.03 and
 * 0.136: happyMax, the expression net reads small crop shifts), face ratio and counts unchanged.
 */
describe('face detection cadence', () => {
  it('tracks every other frame and keeps the face features within the stated tolerance', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const info = await probeMedia(path.join(root, 'resources/sample/meeting.mp4'));
    const vtt = (await import('node:fs')).readFileSync(path.join(root, 'resources/sample/meeting.vtt'), 'utf8');
    const ms = (t: string) => { const [h, m, s] = t.split(':').map(Number); return Math.round(((h * 60 + m) * 60 + s) * 1000); };
    const windows = [...vtt.matchAll(/(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)/g)].map((m, i) => ({ id: String(i), startMs: ms(m[1]), endMs: ms(m[2]) }));
    expect(windows).toHaveLength(12);
    const frames = [];
    for await (const item of extractSegments(info, windows, { fps: 2, audio: false })) frames.push(item.frames);
    const every = await FaceAnalyzer.create({ ep: 'cpu', detectEvery: 1 });
    const cadence = await FaceAnalyzer.create({ ep: 'cpu' });
    const [a, b] = [await every.analyzeSegments(frames), await cadence.analyzeSegments(frames)];
    const total = frames.flat().length;
    expect(every.counts).toEqual({ detected: total, tracked: 0 });
    expect(cadence.counts.detected + cadence.counts.tracked).toBe(total);
    // Each call's last frame and frames across a gap between windows are detected: measured 48 of 74.
    expect(cadence.counts.detected).toBeLessThanOrEqual(0.7 * total);
    for (let s = 0; s < frames.length; s++) {
      const [x, y] = [summarizeFaces(a[s]), summarizeFaces(b[s])];
      expect(y.faceFrames).toBe(x.faceFrames);
      expect(x.faceFrames).toBe(x.frames); // the portrait is on screen throughout: real values compared
      for (const name of VIDEO_FEATURE_NAMES) {
        const bound = name.endsWith('Max') ? 0.15 : 0.05;
        expect(Math.abs(x.values[name] - y.values[name]), `segment ${s} ${name}`).toBeLessThanOrEqual(bound);
      }
    }
  });
});
