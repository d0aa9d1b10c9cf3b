/**
 * The shipped default Self-MI model (models/default/selfmi, made by scripts/train/default-selfmi.ts):
 * honest about its heads, and its text path gets the sign of plain sentences right end to end
 * (MiniLM embeddings -> Self-MI ONNX through ONNX Runtime).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultPackDir } from '../models/pack';
import { embedTexts } from '../features/text';
import { loadModel } from './load';

const dir = path.join(defaultPackDir(), 'selfmi');

describe('default Self-MI model', () => {
  it('marks the video head untrained, keeps it out of the fusion, and gives it no confidence', async () => {
    const m = await loadModel(dir, 'cpu');
    expect(m.manifest.headStatus.video.trained).toBe(false);
    expect(m.manifest.fusion).not.toContain('video');
    expect(m.manifest.headStatus.text.trained && m.manifest.headStatus.audio.trained).toBe(true);
    expect(m.manifest.featureDims.text).toBe(384);
    const [p] = await m.predict([{ text: null, audio: null, video: new Float32Array(m.manifest.featureDims.video).fill(1) }]);
    expect(p.headConfidence.video).toBe(0);
    // Changing only the face features does not move the fused score.
    const [q] = await m.predict([{ text: null, audio: null, video: null }]);
    expect(Math.abs(p.scores.fused - q.scores.fused)).toBeLessThan(1e-6);
  });

  it('scores clearly positive and clearly negative sentences on the right side of zero', async () => {
    const m = await loadModel(dir, 'cpu');
    const texts = ['I really loved this movie, it was wonderful and the acting was great.', 'This was terrible, boring and a complete waste of my time, I hated it.'];
    const emb = await embedTexts(texts, { ep: 'cpu' });
    const [pos, neg] = await m.predict(emb.map((e) => ({ text: e, audio: null, video: null })));
    expect(pos.scores.fused).toBeGreaterThan(0.5);
    expect(neg.scores.fused).toBeLessThan(-0.5);
    expect(pos.scores.text).toBeGreaterThan(neg.scores.text);
  });
});
