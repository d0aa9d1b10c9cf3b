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

  it('puts repeats of the same words after every utterance not yet seen, and says why', () => {
    const words = (id: string, text: string): Segment => ({ ...seg(id), text });
    const unsure = { text: 0.2, audio: 0.1, video: 0.1, fused: 0.1 };
    const sure = { text: 2.5, audio: 2.4, video: 2.5, fused: 2.5 };
    const sd = { text: 0.5, audio: 0.5, video: 0.5, fused: 0.5 };
    const segs = [words('r1', 'Let us look at the numbers.'), words('r2', 'let us look at the numbers'), words('x', 'Great, I love it!'), words('r3', 'Let us LOOK at the numbers!'), words('n', '')];
    const preds = new Map([
      ['r1', pred('r1', unsure, sd)],
      ['r2', pred('r2', unsure, sd)],
      ['r3', pred('r3', unsure, sd)],
      ['x', pred('x', sure, sd)],
      ['n', pred('n', unsure, sd)],
    ]);
    const q = rankQueue(segs, new Set(), preds, heads, 10);
    // r1 leads (the most uncertain); its repeats fall behind x, which is less uncertain but new; segments without words never count as repeats.
    expect(q.map((i) => i.segmentId)).toEqual(['r1', 'n', 'x', 'r2', 'r3']);
    expect(q.find((i) => i.segmentId === 'r2')!.reason).toMatch(/same words as a segment labelled or ranked above/);
    expect(q.find((i) => i.segmentId === 'x')!.reason).not.toMatch(/same words/);
    // Once r1 is labelled, its repeats still come after the new utterances.
    const after = rankQueue(segs, new Set(['r1']), preds, heads, 10);
    expect(after.map((i) => i.segmentId)).toEqual(['n', 'x', 'r2', 'r3']);
  });

  it('falls back to raw differences for a model without spreads', () => {
    const old = pred('d', { text: 2, audio: 0.5, video: 1.5, fused: 1.5 }, { text: null, audio: null, video: null, fused: null });
    const [item] = rankQueue([seg('d')], new Set(), new Map([['d', old]]), heads, 10);
    expect(item.reason).toMatch(/modalities disagree \(text \+2\.0 vs audio \+0\.5\)/);
  });
});
