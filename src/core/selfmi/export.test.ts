/**
 * Export: the ONNX graph our code writes, run by ONNX Runtime, gives the trainer's own forward pass
 * (max abs difference <= 1e-4), including missing modalities and a modality masked out of fusion;
 * the manifest round-trips into a trainable model.
 */
import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeConfig, HEADS } from './config';
import { trainInProcess, predictModel } from './trainer';
import { syntheticSegments } from './synthetic';
import { exportModel } from './export-onnx';
import { loadModel } from './load';
import { fuse, reliabilityOf } from './reliability';

const dims = { text: 384, audio: 60, video: 30 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'attune-selfmi-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Self-MI ONNX export', () => {
  it('ONNX Runtime reproduces the trainer forward pass', async () => {
    const cfg = makeConfig({ dims, maxEpochs: 2, fusionModalities: ['text', 'audio'] });
    const segs = syntheticSegments({ labelled: 40, unlabelled: 60, dims, seed: 5 });
    const r = await trainInProcess({ segments: segs }, cfg, { featureNames: { audio: Array.from({ length: 60 }, (_, i) => `a${i}`) } });
    const dir = path.join(tmp, 'v1');
    const manifest = await exportModel(r.model, dir, { note: 'test' });
    expect(manifest.featureNames.audio?.[59]).toBe('a59');

    const rows = syntheticSegments({ labelled: 0, unlabelled: 25, dims, seed: 9 });
    rows[3] = { ...rows[3], video: null };
    rows[4] = { ...rows[4], audio: null, text: null };
    const ref = predictModel(r.model, rows);
    const model = await loadModel(dir, 'cpu');
    const got = await model.predict(rows);
    // The unimodal heads and Self-MI's concat head are the trainer's; fused is the reliability fusion of them.
    let worst = 0;
    got.forEach((p, i) => {
      for (const h of HEADS) worst = Math.max(worst, Math.abs((h === 'fused' ? p.selfmiFused : p.scores[h]) - ref[h][i]));
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
    const rel = reliabilityOf(r.model);
    got.forEach((p) => {
      const want = fuse(rel, p.scores, p.spread, p.present);
      expect(Math.abs(p.scores.fused - want.score)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(p.spread.fused - want.sd)).toBeLessThanOrEqual(1e-4);
      expect(p.interval.fused![0]).toBeLessThan(p.interval.fused![1]);
    });
    // A row without audio and text is fused from the face alone (plus the weak prior).
    expect(got[4].present).toEqual({ text: 0, audio: 0, video: expect.any(Number) });
    // Not trivially equal: the heads give different, in-range numbers.
    const fused = got.map((p) => p.scores.fused);
    expect(Math.max(...fused) - Math.min(...fused)).toBeGreaterThan(0.01);
    expect(got.every((p) => HEADS.every((h) => Math.abs(p.scores[h]) <= 3))).toBe(true);
    expect(got.every((p) => p.confidence > 0 && p.confidence <= 1)).toBe(true);

    // Video is left out of Self-MI's concat fusion: changing only the face features must not move that head.
    const faceSwap = rows.map((s) => ({ ...s, video: new Float32Array(30).fill(5) }));
    const again = await model.predict(faceSwap);
    again.forEach((p, i) => expect(Math.abs(p.selfmiFused - got[i].selfmiFused)).toBeLessThanOrEqual(1e-5));

    const back = model.toSelfMiModel();
    expect(back.config).toEqual(cfg);
    expect(back.fusion).toEqual(['text', 'audio']);
    for (const [k, v] of Object.entries(r.model.weights)) expect(Array.from(back.weights[k])).toEqual(Array.from(v));
    // ...and can be tuned further from where it stopped.
    const tuned = await trainInProcess({ segments: segs.slice(0, 40) }, cfg, { init: back });
    expect(tuned.model.weights['post.fused.W']).not.toEqual(back.weights['post.fused.W']);
  });

  it('a class head (softmax over classes, scored by expected valence) trains, exports and round-trips', async () => {
    const valence = [-2, 0, 1, 2.5];
    const cfg = makeConfig({ dims: { text: 8, audio: 6, video: 4 }, maxEpochs: 3, classHeads: { audio: { classes: ['sad', 'neutral', 'calm', 'happy'], valence } } });
    const segs = syntheticSegments({ labelled: 30, unlabelled: 0, dims: cfg.dims, seed: 3 });
    const r = await trainInProcess({ segments: segs }, cfg);
    expect(r.model.weights['head.audio.1.W'].length).toBe(cfg.post.audio.dim * 4);
    const dir = path.join(tmp, 'classes');
    await exportModel(r.model, dir);
    const rows = syntheticSegments({ labelled: 0, unlabelled: 12, dims: cfg.dims, seed: 4 });
    const ref = predictModel(r.model, rows);
    const model = await loadModel(dir, 'cpu');
    const got = await model.predict(rows);
    got.forEach((p, i) => {
      for (const h of HEADS) expect(Math.abs((h === 'fused' ? p.selfmiFused : p.scores[h]) - ref[h][i])).toBeLessThanOrEqual(1e-4);
      // An expected valence lies inside the table's range.
      expect(p.scores.audio).toBeGreaterThanOrEqual(-2 - 1e-5);
      expect(p.scores.audio).toBeLessThanOrEqual(2.5 + 1e-5);
    });
    const back = model.toSelfMiModel();
    expect(back.config.classHeads.audio?.valence).toEqual(valence);
    const tuned = await trainInProcess({ segments: segs.slice(0, 10) }, back.config, { init: back });
    expect(tuned.model.weights['head.audio.1.W']).not.toEqual(back.weights['head.audio.1.W']);
  });

  it('refuses a model whose ONNX file does not match its manifest, naming the file', async () => {
    const cfg = makeConfig({ dims: { text: 8, audio: 4, video: 4 }, maxEpochs: 1 });
    const segs = syntheticSegments({ labelled: 10, unlabelled: 0, dims: cfg.dims, seed: 1 });
    const r = await trainInProcess({ segments: segs }, cfg);
    const dir = path.join(tmp, 'bad');
    await exportModel(r.model, dir);
    const file = path.join(dir, 'model.onnx');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    await expect(loadModel(dir, 'cpu')).rejects.toThrow(/model\.onnx: checksum .* does not match/);
    writeFileSync(path.join(dir, 'manifest.json'), '{"format":"other"}');
    await expect(loadModel(dir, 'cpu')).rejects.toThrow(/manifest\.json: not a Self-MI model manifest/);
  });
});
