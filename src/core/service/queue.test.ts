import { describe, expect, it } from 'vitest';
import type { Prediction, Segment } from '../../shared/types';
import { rankQueue } from './queue';

const seg = (id: string): Segment => ({ id, recordingId: 'r', startMs: 0, endMs: 4000, speaker: 'A', text: 'words' });
const pred = (id: string, scores: Prediction['scores'], spread: Prediction['spread']): Prediction => ({ segmentId: id, startMs: 0, endMs: 4000, speaker: 'A', text: 'words', scores, spread, confidence: 0.9, modelVersion: 'v' });
const heads = new Set(['text', 'audio', 'video'] as const);

describe('labelling queue', () => {
  it('flags disagreement only when the 80 % intervals are apart', () => {
    const within = pred('a', { text: 2, audio: 0.5, video: 1.5, fused: 1.5 }, { text: 0.8, audio: 0.8, video: 0.8, fused: 0.5 });
    const apart = pred('b', { text: 2.5, audio: -2, video: 1.5, fused: 1.5 }, { text: 0.4, audio: 0.5, video: 0.8, fused: 0.5 });
    const q = rankQueue([seg('a'), seg('b')], new Set(), new Map([['a', within], ['b', apart]]), heads, 10);
    const reason = (id: string) => q.find((x) => x.segmentId === id)!.reason;
    expect(reason('a')).not.toMatch(/disagree/);
    expect(reason('b')).toMatch(/modalities disagree \(text \+2\.5 \[.*\] vs audio -2\.0 \[.*\], 80 % intervals apart\)/);
    expect(q[0].segmentId).toBe('b');
  });

  it('leaves out a head whose modality was absent, and says when the fused interval is wide', () => {
    const noFace = pred('c', { text: 1.5, audio: 1.2, video: -3, fused: 0.2 }, { text: 0.5, audio: 0.5, video: null, fused: 1.4 });
    const [item] = rankQueue([seg('c')], new Set(), new Map([['c', noFace]]), heads, 10);
    expect(item.reason).not.toMatch(/video/);
    expect(item.reason).toMatch(/wide fused interval/);
  });

  it('falls back to raw differences for a model without spreads', () => {
    const old = pred('d', { text: 2, audio: 0.5, video: 1.5, fused: 1.5 }, { text: null, audio: null, video: null, fused: null });
    const [item] = rankQueue([seg('d')], new Set(), new Map([['d', old]]), heads, 10);
    expect(item.reason).toMatch(/modalities disagree \(text \+2\.0 vs audio \+0\.5\)/);
  });
});
