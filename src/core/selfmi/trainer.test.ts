import { describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../shared/errors';
import { makeConfig, type DeepPartial, type SelfMiConfig } from './config';
import { trainInProcess } from './trainer';
import { train } from './train';
import { syntheticSegments } from './synthetic';
import { evaluate } from './metrics';
import { tf } from './tf';
import { LabelBank } from './ulgm';

const dims = { text: 24, audio: 10, video: 6 };
const small: DeepPartial<SelfMiConfig> = {
  dims,
  subnets: { text: { hidden: [16], out: 8 }, audio: { hidden: [8], out: 4 }, video: { hidden: [8], out: 4 } },
  post: { fused: { dim: 16 }, text: { dim: 8 }, audio: { dim: 4 }, video: { dim: 4 } },
  batchSize: 16,
  unlabelledBatchSize: 48,
  maxEpochs: 4,
};
const cfg = (o: DeepPartial<SelfMiConfig> = {}) => makeConfig({ ...small, ...o });
const segments = syntheticSegments({ labelled: 40, unlabelled: 200, dims, seed: 3 });
const validation = syntheticSegments({ labelled: 60, unlabelled: 0, dims, seed: 3 }).map((s) => ({ ...s, id: `v${s.id}` }));

describe('Self-MI trainer', () => {
  it('is repeatable from its seed, and the seed matters', async () => {
    const a = await trainInProcess({ segments }, cfg());
    const b = await trainInProcess({ segments }, cfg());
    const c = await trainInProcess({ segments }, cfg({ seed: 2 }));
    expect(b.history.map((h) => h.loss.total)).toEqual(a.history.map((h) => h.loss.total));
    expect(Array.from(b.model.weights['head.fused.1.W'])).toEqual(Array.from(a.model.weights['head.fused.1.W']));
    expect(c.history[0].loss.total).not.toBe(a.history[0].loss.total);
  });

  it('learns the synthetic sentiment better than predicting the label mean, and says which segments fed which term', async () => {
    const r = await trainInProcess({ segments, validation, source: 'synthetic' }, cfg({ maxEpochs: 12 }));
    const truth = validation.map((s) => s.label as number);
    const mean = segments.slice(0, 40).reduce((s, x) => s + (x.label as number), 0) / 40;
    const baseline = evaluate(truth.map(() => mean), truth).mae;
    expect(r.metrics.validation!.mae).toBeLessThan(0.8 * baseline);
    const d = r.dataSummary;
    expect([d.labelledTrain, d.unlabelled, d.validation, d.validationSource]).toEqual([40, 200, 60, 'given']);
    expect(d.terms.task).toEqual(segments.slice(0, 40).map((s) => s.id));
    expect(d.terms.cpc).toHaveLength(240);
    expect(d.terms.validation[0]).toBe('vseg-0');
    expect(d.pseudoLabels).toEqual({ enabled: false, threshold: 0.8, totalAssignments: 0 });
    expect(d.terms.pseudo).toEqual({});
    // Unimodal heads only start learning once ULGM labels differ from y_m (epoch 2 on): the task term's
    // unimodal part is 0 in epoch 1 by construction (tanh(0) = 0).
    expect(r.history[0].loss.task).toBeGreaterThan(0);
    expect(r.history.every((h) => Number.isFinite(h.loss.cpc) && h.loss.cpc > 0)).toBe(true);
  });

  it('holds out a seeded validation split and stops early on it', async () => {
    const r = await trainInProcess({ segments }, cfg({ validationFraction: 0.25, patience: 1, maxEpochs: 40 }));
    expect(r.dataSummary.validationSource).toBe('split');
    expect(r.dataSummary.validation).toBe(10);
    expect(r.dataSummary.labelledTrain).toBe(30);
    expect(r.history.length).toBeLessThan(40);
    expect(r.bestEpoch).toBe(r.history.length - 1);
  });

  it('reports opt-in pseudo-labels per epoch', async () => {
    const r = await trainInProcess({ segments }, cfg({ pseudoLabels: { enabled: true, threshold: 0.3 }, maxEpochs: 3 }));
    const p = r.dataSummary.terms.pseudo;
    expect(Object.keys(p)).toEqual(['2', '3']);
    expect(r.dataSummary.pseudoLabels.totalAssignments).toBe(p['2'].length + p['3'].length);
    expect(p['2'].length).toBeGreaterThan(0);
    expect(p['2'].every((id) => !r.dataSummary.terms.task.includes(id))).toBe(true);
  });

  it('lists pseudo-labels only for epochs that ran when it stops early', async () => {
    const r = await trainInProcess({ segments }, cfg({ pseudoLabels: { enabled: true, threshold: 0 }, validationFraction: 0.25, patience: 1, maxEpochs: 40 }));
    expect(r.history.length).toBeLessThan(40);
    expect(Object.keys(r.dataSummary.terms.pseudo).map(Number)).toEqual(Array.from({ length: r.history.length - 1 }, (_, i) => i + 2));
  });

  it('marks a head untrained and keeps it out of the fusion until labelled data has its modality', async () => {
    const noFace = segments.map((s) => ({ ...s, video: null }));
    const r = await trainInProcess({ segments: noFace }, cfg({ maxEpochs: 1 }));
    expect(r.model.heads.video.trained).toBe(false);
    expect(r.model.heads.text).toMatchObject({ trained: true, labelledExamples: 40 });
    expect(r.model.fusion).toEqual(['text', 'audio']);
    // Tuning on labels that do have faces brings video in.
    const tuned = await trainInProcess({ segments }, cfg({ maxEpochs: 1 }), { init: r.model });
    expect(tuned.model.fusion).toEqual(['text', 'audio', 'video']);
    expect(tuned.model.heads.video.trained).toBe(true);
    // Tuning on text-only labels does not un-train a voice head trained before.
    const textOnly = segments.map((s) => ({ ...s, audio: null, video: null }));
    const again = await trainInProcess({ segments: textOnly }, cfg({ maxEpochs: 1 }), { init: tuned.model });
    expect(again.model.heads.audio.trained).toBe(true);
    expect(again.model.heads.audio.note).toMatch(/not retrained/);
    expect(again.model.fusion).toEqual(['text']);
  });

  it('keeps a head untrained when its labelled inputs do not differ (a still portrait), and trains it when they do', async () => {
    const noFace = segments.map((s) => ({ ...s, video: null }));
    const start = await trainInProcess({ segments: noFace }, cfg({ maxEpochs: 1 }));
    expect(start.model.heads.video.trained).toBe(false);
    // Five labelled segments showing the same face, up to compression-like noise far below a feature's spread.
    const still = Float32Array.from({ length: dims.video }, (_, j) => 0.3 * j);
    const portrait = segments.map((s, i) => ({ ...s, video: i < 5 ? Float32Array.from(still, (v, j) => v + 1e-4 * ((i + j) % 3)) : null, label: i < 5 ? s.label : null }));
    const r = await trainInProcess({ segments: portrait }, cfg({ maxEpochs: 1 }), { init: start.model });
    expect(r.model.heads.video).toMatchObject({ trained: false, labelledExamples: 5 });
    expect(r.model.heads.video.note).toMatch(/all look alike/);
    // The same five segments with faces that do differ: the head is trained.
    const faces = portrait.map((s, i) => (i < 5 ? { ...s, video: segments[i].video } : s));
    const t = await trainInProcess({ segments: faces }, cfg({ maxEpochs: 1 }), { init: start.model });
    expect(t.model.heads.video).toMatchObject({ trained: true, labelledExamples: 5 });
  });

  it('leaves no tensors behind, also when cancelled', async () => {
    await trainInProcess({ segments }, cfg({ maxEpochs: 1 }));
    const before = tf.memory().numTensors;
    await trainInProcess({ segments }, cfg({ maxEpochs: 2, pseudoLabels: { enabled: true, threshold: 0.3 }, validationFraction: 0.2 }));
    await expect(trainInProcess({ segments }, cfg(), { isCancelled: () => true })).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the segment with bad features', async () => {
    const bad = segments.slice();
    bad[5] = { ...bad[5], audio: [1, 2, 3] };
    await expect(trainInProcess({ segments: bad, source: 'project x' }, cfg())).rejects.toThrow(InputError);
    await expect(trainInProcess({ segments: bad, source: 'project x' }, cfg())).rejects.toThrow(/project x: segment 6 \('seg-5'\): audio features have 3 values, the model expects 10/);
  });

  it('runs in a worker with progress, and cancels', async () => {
    const seen: number[] = [];
    const r = await train({ segments }, { ...small, maxEpochs: 2 }, { onProgress: (p) => seen.push(p.epoch) });
    expect(seen).toEqual([1, 2]);
    expect(r.model.weights['post.fused.W']).toBeInstanceOf(Float32Array);
    const ac = new AbortController();
    const run = train({ segments }, { ...small, maxEpochs: 500 }, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const bad = segments.map((s, i) => (i === 2 ? { ...s, label: 7 } : s));
    await expect(train({ segments: bad, source: 'labels.csv' }, small)).rejects.toThrow(/labels.csv: segment 3 \('seg-2'\): label 7 is outside/);
    const boom = train({ segments }, { ...small, maxEpochs: 2 }, {
      onProgress: () => {
        throw new Error('progress sink failed');
      },
    });
    await expect(boom).rejects.toThrow('progress sink failed');
  });
});

describe('ULGM label bank', () => {
  it('moves a label once per epoch: a repeated visit only refreshes the features', () => {
    const dims = { fused: 2, text: 2, audio: 2, video: 2 };
    const bank = new LabelBank([2, -2, 1], dims, true, 3);
    const feats = (v: number[]) => ({ fused: v, text: v.map((x) => -x), audio: v, video: v });
    bank.step([0, 1, 2], feats([1, 0, 0, 1, 0.5, 0.5]), 1);
    const before = Array.from(bank.labels.text);
    bank.step([0, 1], feats([2, 0, 0, 2]), 2, [false, false]);
    expect(Array.from(bank.labels.text)).toEqual(before);
    expect(Array.from(bank.features.fused.subarray(0, 4))).toEqual([2, 0, 0, 2]);
    bank.step([0, 1], feats([2, 0, 0, 2]), 2, [true, false]);
    expect(bank.labels.text[0]).not.toBe(before[0]);
    expect(bank.labels.text[1]).toBe(before[1]);
  });
});

describe('k-fold estimate', () => {
  it('predicts every labelled segment out of fold, with all unlabelled segments in every fold', async () => {
    const { crossValidate } = await import('./kfold');
    const cv = await crossValidate({ segments: segments.slice(0, 20).concat(segments.slice(40, 100)) }, { ...small, maxEpochs: 2 }, 4);
    expect(cv.k).toBe(4);
    expect(Object.keys(cv.predictions).sort()).toEqual(segments.slice(0, 20).map((s) => s.id).sort());
    expect(cv.metrics.n).toBe(20);
  });

  it('trains only the parameters named trainable, and L2-SP holds a warm start near where it began', async () => {
    const start = (await trainInProcess({ segments }, cfg())).model;
    const few = segments.slice(0, 5);
    const only = await trainInProcess({ segments: few }, cfg({ trainable: ['head.text.1', 'head.audio.1'] }), { init: start });
    for (const [k, v] of Object.entries(start.weights)) {
      const moved = Array.from(v).some((x, i) => x !== only.model.weights[k][i]);
      expect([k, moved]).toEqual([k, k.startsWith('head.text.1.') || k.startsWith('head.audio.1.')]);
    }
    const dist = (w: Record<string, Float32Array>) => Array.from(w['head.text.1.W']).reduce((s, x, i) => s + (x - start.weights['head.text.1.W'][i]) ** 2, 0);
    const free = await trainInProcess({ segments: few }, cfg({ trainable: ['head.text.1'], maxEpochs: 30 }), { init: start });
    const held = await trainInProcess({ segments: few }, cfg({ trainable: ['head.text.1'], maxEpochs: 30, l2sp: 50 }), { init: start });
    expect(dist(held.model.weights)).toBeLessThan(0.5 * dist(free.model.weights));
  });
});
