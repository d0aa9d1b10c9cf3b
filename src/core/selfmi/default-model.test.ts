/**
 * The shipped default Self-MI model (models/default/selfmi, made by scripts/train/default-selfmi.ts):
 * every head is trained and has a spread, the voice head is an emotion classifier scored by expected
 * valence, the fused score is the reliability-weighted fusion of the three, and its text path gets the sign of plain sentences right end to end (MiniLM embeddings ->
 * Self-MI ONNX through ONNX Runtime).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultPackDir } from '../models/pack';
import { embedTexts } from '../features/text';
import { loadModel } from './load';

const dir = path.join(defaultPackDir(), 'selfmi');

describe('default Self-MI model', () => {
  it('has a trained head and a fitted spread for text, voice and face, each saying what it was fitted on', async () => {
    const m = await loadModel(dir, 'cpu');
    expect(m.manifest.formatVersion).toBe(2);
    for (const h of ['text', 'audio', 'video'] as const) {
      expect(m.manifest.headStatus[h].trained).toBe(true);
      expect(m.manifest.reliability![h].fitted).toBe(true);
      expect(m.manifest.reliability![h].calibration).toHaveProperty('crossFitCoverage80');
    }
  });

  it('has a voice head that classifies the 8 RAVDESS emotions and scores their expected valence (happy > calm > neutral > sad, angry)', async () => {
    const m = await loadModel(dir, 'cpu');
    const ch = m.manifest.config.classHeads.audio!;
    expect(ch.classes).toEqual(['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised']);
    const v = Object.fromEntries(ch.classes.map((c, k) => [c, ch.valence[k]]));
    expect(v.happy).toBeGreaterThan(v.calm);
    expect(v.calm).toBeGreaterThan(v.neutral);
    expect(v.neutral).toBeGreaterThan(v.sad);
    expect(v.neutral).toBeGreaterThan(v.angry);
    // The head's weights hold one logit per class.
    expect(m.toSelfMiModel().weights['head.audio.1.W'].length).toBe(m.manifest.config.post.audio.dim * ch.classes.length);
  });

  it('lets voice and face move the fused score, and drops a missing modality instead of averaging it in', async () => {
    const m = await loadModel(dir, 'cpu');
    const d = m.manifest.featureDims;
    const [neutral] = await embedTexts(['The meeting is on Tuesday at the usual room.'], { ep: 'cpu' });
    const norm = m.toSelfMiModel().norm;
    // Voice and face pushed 2 sds along every feature, each on its own: together they may pull opposite ways and cancel.
    const shifted = (mean: Float32Array, std: Float32Array, k: number) => Float32Array.from(mean, (v, i) => v + k * std[i]);
    const withFace = (k: number) => {
      const v = shifted(norm.video.mean, norm.video.std, k);
      v[0] = 1; // faceRatio: the face is in view
      return v;
    };
    const rows = [
      { text: neutral, audio: null, video: null },
      { text: neutral, audio: shifted(norm.audio.mean, norm.audio.std, 2), video: null },
      { text: neutral, audio: shifted(norm.audio.mean, norm.audio.std, -2), video: null },
      { text: neutral, audio: null, video: withFace(2) },
      { text: neutral, audio: null, video: withFace(-2) },
      { text: neutral, audio: null, video: Float32Array.from({ length: d.video }, () => 0) }, // features, but no face found
    ];
    const [alone, up, down, faceUp, faceDown, noFace] = await m.predict(rows);
    expect(alone.present).toEqual({ text: 1, audio: 0, video: 0 });
    expect(Math.abs(up.scores.fused - down.scores.fused)).toBeGreaterThan(0.2);
    expect(Math.abs(faceUp.scores.fused - faceDown.scores.fused)).toBeGreaterThan(0.2);
    expect(up.scores.fused).not.toBeCloseTo(up.scores.text, 2);
    // No face in view: the face head's score does not enter the fused score.
    expect(noFace.present.video).toBe(0);
    expect(noFace.scores.fused).toBeCloseTo(alone.scores.fused, 5);
    // More evidence, narrower interval.
    expect(up.spread.fused).toBeLessThan(alone.spread.fused);
    expect(faceUp.spread.fused).toBeLessThan(alone.spread.fused);
    for (const p of [alone, up, down, faceUp, faceDown]) expect(p.interval.fused![0]).toBeLessThan(p.interval.fused![1]);
  });

  it('scores clearly positive and clearly negative sentences on the right side of zero', async () => {
    const m = await loadModel(dir, 'cpu');
    const texts = ['I really loved this movie, it was wonderful and the acting was great.', 'This was terrible, boring and a complete waste of my time, I hated it.'];
    const emb = await embedTexts(texts, { ep: 'cpu' });
    const [pos, neg] = await m.predict(emb.map((e) => ({ text: e, audio: null, video: null })));
    expect(pos.scores.fused).toBeGreaterThan(0.5);
    expect(neg.scores.fused).toBeLessThan(-0.5);
    expect(pos.scores.text).toBeGreaterThan(neg.scores.text);
    expect(pos.confidence).toBeGreaterThan(0.7);
  });
});
