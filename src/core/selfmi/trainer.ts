/**
 * The Self-MI training loop (DESIGN.md §3), in-process. `train()` in train.ts runs this inside a
 * worker thread; tests and benches may call it directly.
 *
 * One step = a batch of labelled rows (task loss with ULGM labels) plus a batch of unlabelled rows;
 * the CPC term runs over the whole step batch. One forward pass covers both, so op overhead (which
 * dominates at these sizes on tf.js) is paid once per step.
 */
import { CancelledError } from '../../shared/errors';
import { tf, initTf } from './tf';
import { HEADS, MODALITIES, type Head, type Modality, type SelfMiConfig } from './config';
import { prepareData, toMatrices, type PreparedData, type PreparedSet } from './data';
import { makeRng, shuffled, type Rng } from './rng';
import { clipScore, cpcPredictions, forward, initWeights, paramSpecs, toTensors } from './network';
import { cpcLoss, taskLoss } from './losses';
import { LabelBank } from './ulgm';
import { Adam } from './adam';
import { evaluate, type Metrics } from './metrics';
import { predictionConfidence } from './confidence';
import type { DataSummary, EpochRecord, HeadStatus, SelfMiModel, TrainingData, TrainProgress } from './types';

export interface TrainOptions {
  /** Checked between steps; true stops the run with CancelledError. */
  isCancelled?: () => boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Warm start: its weights and normalisation (tuning starts from the active version). */
  init?: SelfMiModel;
  featureNames?: SelfMiModel['featureNames'];
}

export interface TrainResult {
  model: SelfMiModel;
  metrics: { train: Metrics; validation: Metrics | null };
  history: EpochRecord[];
  bestEpoch: number;
  dataSummary: DataSummary;
  backend: string;
  wallMs: number;
}

/** Takes index batches from a shuffled stream; reshuffles when a pass is used up. */
class Stream {
  private order: number[] = [];
  private pos = 0;
  constructor(
    private readonly ids: number[],
    private readonly rng: Rng,
  ) {}
  startPass(): void {
    this.order = shuffled(this.ids, this.rng);
    this.pos = 0;
  }
  take(k: number): number[] {
    const out: number[] = [];
    while (out.length < k) {
      if (this.pos >= this.order.length) this.startPass();
      out.push(this.order[this.pos++]);
    }
    return out;
  }
  remaining(): number {
    return this.order.length - this.pos;
  }
}

export async function trainInProcess(data: TrainingData, cfg: SelfMiConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const t0 = Date.now();
  const backend = await initTf(cfg.backend);
  if (opts.init) checkCompatible(opts.init.config, cfg);
  const prep = prepareData(data, cfg, opts.init?.norm);
  const rng = makeRng(cfg.seed);
  const weights0 = opts.init ? opts.init.weights : initWeights(cfg, rng);
  // Master copy of the weights in JS; the tf variables mirror it for the forward/backward pass.
  const master: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(weights0)) master[k] = Float32Array.from(v);
  const vars = toTensors(master, cfg, true) as Record<string, tf.Variable>;
  const optimizer = new Adam();

  const nAll = prep.train.ids.length;
  const nL = prep.labelledCount;
  // Unlabelled rows only matter to CPC (and opt-in pseudo-labels); without them they are skipped.
  const nU = cfg.alpha > 0 || cfg.pseudoLabels.enabled ? nAll - nL : 0;
  const bank = new LabelBank(prep.train.labels.subarray(0, nL), headDims(cfg), cfg.excludeZero, cfg.scoreRange);

  const lStream = new Stream(range(0, nL), rng);
  const uStream = new Stream(range(nL, nAll), rng);
  const lSteps = Math.ceil(nL / cfg.batchSize);
  const uSteps = nU > 0 ? Math.ceil(nU / cfg.unlabelledBatchSize) : 0;
  const labelledLeads = lSteps >= uSteps;
  const steps = Math.max(lSteps, uSteps);

  const fusion = fusionOf(prep, cfg);
  const summary = makeSummary(prep, cfg);
  const heads = headStatus(prep, fusion, opts.init);
  const history: EpochRecord[] = [];
  let pseudo = new Map<number, number>(); // train row -> fused target, for the coming epoch
  const relabelled = new Set<number>(); // labelled rows whose ULGM label was updated this epoch
  let best = { mae: Infinity, epoch: 0, weights: null as Record<string, Float32Array> | null };

  try {
    for (let epoch = 1; epoch <= cfg.maxEpochs; epoch++) {
      const sums = { total: 0, task: 0, cpc: 0, pseudo: 0, nce: { text: 0, audio: 0, video: 0 } };
      lStream.startPass();
      if (nU > 0) uStream.startPass();
      relabelled.clear();
      for (let step = 0; step < steps; step++) {
        if (opts.isCancelled?.()) throw new CancelledError('training cancelled');
        // The leading stream is partitioned exactly once per epoch (last batch smaller, as a
        // DataLoader); the other one cycles in full batches.
        const lIdx = labelledLeads ? lStream.take(Math.min(cfg.batchSize, lStream.remaining())) : lStream.take(Math.min(cfg.batchSize, nL));
        const uIdx = nU === 0 ? [] : labelledLeads ? uStream.take(Math.min(cfg.unlabelledBatchSize, nU)) : uStream.take(Math.min(cfg.unlabelledBatchSize, uStream.remaining()));
        const r = trainStep({ vars, master, optimizer, start: opts.init ? weights0 : undefined }, prep.train.x, bank, lIdx, uIdx, pseudo, cfg, rng, epoch, fusion, relabelled);
        sums.total += r.total;
        sums.task += r.task;
        sums.cpc += r.cpc;
        sums.pseudo += r.pseudo;
        for (const m of MODALITIES) sums.nce[m] += r.nce[m];
      }
      const avg = (v: number) => v / steps;
      let validMae: number | null = null;
      if (prep.validation) {
        const p = predictSet(vars, prep.validation, cfg, fusion).fused;
        validMae = evaluate(p, Array.from(prep.validation.labels), 'validation').mae;
        if (validMae < best.mae) best = { mae: validMae, epoch, weights: copyWeights(master) };
      }
      const stop = prep.validation !== null && epoch - best.epoch >= cfg.patience;
      let pseudoCount = 0;
      // Targets for the next epoch: none when this one is the last, so the summary lists only rows that fed the term.
      if (cfg.pseudoLabels.enabled && nU > 0 && epoch + 1 >= cfg.pseudoLabels.fromEpoch && epoch < cfg.maxEpochs && !stop) {
        pseudo = selectPseudo(vars, prep.train, nL, cfg, fusion, heads);
        pseudoCount = pseudo.size;
        summary.terms.pseudo[String(epoch + 1)] = [...pseudo.keys()].map((i) => prep.train.ids[i]);
        summary.pseudoLabels.totalAssignments += pseudoCount;
      }
      const rec: EpochRecord = {
        epoch,
        steps,
        loss: { total: avg(sums.total), task: avg(sums.task), cpc: avg(sums.cpc), pseudo: avg(sums.pseudo), nce: { text: avg(sums.nce.text), audio: avg(sums.nce.audio), video: avg(sums.nce.video) } },
        validMae,
        pseudoLabelled: pseudoCount,
        elapsedMs: Date.now() - t0,
      };
      history.push(rec);
      const left = stop ? 0 : cfg.maxEpochs - epoch;
      opts.onProgress?.({ ...rec, maxEpochs: cfg.maxEpochs, etaMs: Math.round((rec.elapsedMs / epoch) * left), backend });
      if (stop) break;
    }
    const weights = best.weights ?? copyWeights(master);
    const model: SelfMiModel = { config: cfg, weights, fusion, norm: prep.norm, heads, featureNames: opts.featureNames ?? opts.init?.featureNames, reliability: opts.init?.reliability };
    const final = toTensors(weights, cfg, false);
    const labelled: PreparedSet = sliceSet(prep.train, nL);
    const trainMetrics = evaluate(predictSet(final, labelled, cfg, fusion).fused, Array.from(labelled.labels), 'training labels');
    const validMetrics = prep.validation ? evaluate(predictSet(final, prep.validation, cfg, fusion).fused, Array.from(prep.validation.labels), 'validation') : null;
    Object.values(final).forEach((t) => t.dispose());
    return {
      model,
      metrics: { train: trainMetrics, validation: validMetrics },
      history,
      bestEpoch: best.weights ? best.epoch : history.length,
      dataSummary: summary,
      backend,
      wallMs: Date.now() - t0,
    };
  } finally {
    Object.values(vars).forEach((v) => v.dispose());
  }
}

interface StepResult {
  total: number;
  task: number;
  cpc: number;
  pseudo: number;
  nce: Record<Modality, number>;
}

interface Trainable {
  vars: Record<string, tf.Variable>;
  master: Record<string, Float32Array>;
  optimizer: Adam;
  /** The starting weights of a warm start: what L2-SP pulls toward. */
  start?: Record<string, Float32Array>;
}

function trainStep(
  { vars, master, optimizer, start }: Trainable,
  X: PreparedSet['x'],
  bank: LabelBank,
  lIdx: number[],
  uIdx: number[],
  pseudo: Map<number, number>,
  cfg: SelfMiConfig,
  rng: Rng,
  epoch: number,
  fusion: readonly Modality[],
  relabelled: Set<number>,
): StepResult {
  const nb = lIdx.length;
  const rows = [...lIdx, ...uIdx];
  const pseudoRows = uIdx.map((r, i) => [i, pseudo.get(r)] as const).filter((e): e is readonly [number, number] => e[1] !== undefined);
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    kept.push(tf.keep(t));
    return t;
  };
  // variableGrads also returns the loss scalar; tidy keeps it with the grads, so it is disposed below.
  const { value, grads } = tf.tidy(() => {
    const x = { text: batchRows(X.text, rows), audio: batchRows(X.audio, rows), video: batchRows(X.video, rows) };
    const labels = {} as Record<Head, tf.Tensor1D>;
    for (const h of HEADS) labels[h] = tf.tensor1d(bank.labelsAt(h, lIdx));
    return tf.variableGrads(() => {
      const out = forward(vars, x, cfg, rng, fusion, { labelledRows: nb, fusedHeadAll: pseudoRows.length > 0 });
      const pred = {} as Record<Head, tf.Tensor1D>;
      for (const h of HEADS) pred[h] = out.raw[h].slice([0, 0], [nb, 1]).reshape([nb]);
      const task = taskLoss(pred, labels, cfg.ulgm);
      const cpc = cfg.alpha > 0 ? cpcLoss(out.h, cpcPredictions(vars, out.F.fused)) : { total: tf.scalar(0), per: { text: tf.scalar(0), audio: tf.scalar(0), video: tf.scalar(0) } };
      let loss = tf.add(task, tf.mul(cfg.alpha, cpc.total)) as tf.Scalar;
      let pl: tf.Scalar = tf.scalar(0);
      if (pseudoRows.length > 0) {
        // A mask rather than tf.gather: gather's gradient kernel does not exist on the WASM backend.
        const mask = new Float32Array(rows.length);
        const target = new Float32Array(rows.length);
        for (const [i, y] of pseudoRows) {
          mask[nb + i] = 1;
          target[nb + i] = y;
        }
        const err = tf.abs(tf.sub(out.raw.fused.reshape([rows.length]), tf.tensor1d(target)));
        pl = tf.div(tf.sum(tf.mul(err, tf.tensor1d(mask))), pseudoRows.length);
        loss = tf.add(loss, tf.mul(cfg.pseudoLabels.weight, pl));
      }
      for (const h of HEADS) keep(out.F[h].slice([0, 0], [nb, -1]));
      keep(tf.stack([loss, task, cpc.total, pl, cpc.per.text, cpc.per.audio, cpc.per.video]));
      return loss;
    }, trainableVars(vars, cfg));
  });
  // Self-MM's parameter groups: audio/video subnets have their own learning rate and weight decay.
  optimizer.tick();
  for (const s of paramSpecs(cfg)) {
    const v = vars[s.name];
    const g = grads[v.name];
    // No gradient (e.g. the CPC predictors at alpha 0): PyTorch's Adam skips such a parameter too.
    if (!g || !isTrainable(cfg, s.name)) continue;
    let grad = g.dataSync() as Float32Array;
    const w0 = start?.[s.name];
    if (cfg.l2sp > 0 && w0) {
      grad = Float32Array.from(grad);
      const w = master[s.name];
      for (let i = 0; i < grad.length; i++) grad[i] += cfg.l2sp * (w[i] - w0[i]);
    }
    optimizer.update(s.name, master[s.name], grad, { lr: cfg.lr[s.group], weightDecay: cfg.weightDecay[s.group] });
    tf.tidy(() => v.assign(tf.tensor(master[s.name], s.shape)));
  }
  value.dispose();
  Object.values(grads).forEach((t) => t.dispose());
  const feats = {} as Record<Head, Float32Array>;
  HEADS.forEach((h, i) => (feats[h] = kept[i].dataSync() as Float32Array));
  const v = kept[HEADS.length].dataSync();
  kept.forEach((t) => t.dispose());
  if (cfg.ulgm) {
    // When the unlabelled stream leads, the labelled one cycles: a row's label moves on its first visit of the epoch only.
    const relabel = lIdx.map((row) => {
      const first = !relabelled.has(row);
      relabelled.add(row);
      return first;
    });
    bank.step(lIdx, feats, epoch, relabel);
  }
  return { total: v[0], task: v[1], cpc: v[2], pseudo: v[3], nce: { text: v[4], audio: v[5], video: v[6] } };
}

function headDims(cfg: SelfMiConfig): Record<Head, number> {
  return { fused: cfg.post.fused.dim, text: cfg.post.text.dim, audio: cfg.post.audio.dim, video: cfg.post.video.dim };
}

export function predictSet(params: Record<string, tf.Tensor>, set: PreparedSet, cfg: SelfMiConfig, fusion: readonly Modality[], chunk = 2048): Record<Head, number[]> {
  const out = { fused: [], text: [], audio: [], video: [] } as Record<Head, number[]>;
  const n = set.ids.length;
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    const cols = tf.tidy(() => {
      const x = {} as Record<Modality, tf.Tensor2D>;
      for (const m of MODALITIES) x[m] = tf.tensor2d(set.x[m].data.subarray(s * cfg.dims[m], e * cfg.dims[m]), [e - s, cfg.dims[m]]);
      const o = forward(params, x, cfg, null, fusion);
      return tf.concat(HEADS.map((h) => clipScore(o.raw[h], cfg)), 1);
    });
    const v = cols.dataSync();
    cols.dispose();
    for (let i = 0; i < e - s; i++) HEADS.forEach((h, j) => out[h].push(v[i * HEADS.length + j]));
  }
  return out;
}

/** Confidence as the exported model reports it: heads without a labelled modality take no part. */
function selectPseudo(vars: Record<string, tf.Tensor>, train: PreparedSet, nL: number, cfg: SelfMiConfig, fusion: readonly Modality[], heads: Record<Head, HeadStatus>): Map<number, number> {
  const u = sliceSet(train, train.ids.length, nL);
  const p = predictSet(vars, u, cfg, fusion);
  const trained = { fused: heads.fused.trained, text: heads.text.trained, audio: heads.audio.trained, video: heads.video.trained };
  const out = new Map<number, number>();
  for (let i = 0; i < u.ids.length; i++) {
    const conf = predictionConfidence({ fused: p.fused[i], text: p.text[i], audio: p.audio[i], video: p.video[i] }, trained);
    if (conf >= cfg.pseudoLabels.threshold) out.set(nL + i, p.fused[i]);
  }
  return out;
}

function sliceSet(set: PreparedSet, end: number, start = 0): PreparedSet {
  const x = {} as PreparedSet['x'];
  const present = {} as PreparedSet['present'];
  for (const m of MODALITIES) {
    const d = set.x[m].cols;
    x[m] = { rows: end - start, cols: d, data: set.x[m].data.subarray(start * d, end * d) };
    present[m] = set.present[m].subarray(start, end);
  }
  return { ids: set.ids.slice(start, end), x, present, labels: set.labels.subarray(start, end) };
}

/**
 * A step's rows copied in JS: the WASM backend's GatherV2 took about 20 ms for 256 rows of 384
 * (a third of a step), a typed-array copy of the same rows takes microseconds.
 */
function batchRows(m: PreparedSet['x'][Modality], rows: readonly number[]): tf.Tensor2D {
  const out = new Float32Array(rows.length * m.cols);
  rows.forEach((r, i) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return tf.tensor2d(out, [rows.length, m.cols]);
}

function copyWeights(w: Record<string, Float32Array>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(w)) out[k] = Float32Array.from(v);
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function countPresent(p: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += p[i];
  return n;
}

function makeSummary(prep: PreparedData, cfg: SelfMiConfig): DataSummary {
  const nL = prep.labelledCount;
  const nAll = prep.train.ids.length;
  const present = {} as DataSummary['present'];
  for (const m of MODALITIES) present[m] = { labelled: countPresent(prep.train.present[m], 0, nL), unlabelled: countPresent(prep.train.present[m], nL, nAll) };
  return {
    labelledTrain: nL,
    unlabelled: nAll - nL,
    validation: prep.validation?.ids.length ?? 0,
    validationSource: prep.validationSource,
    present,
    terms: { task: prep.train.ids.slice(0, nL), cpc: cfg.alpha > 0 ? prep.train.ids.slice() : [], validation: prep.validation?.ids.slice() ?? [], pseudo: {} },
    pseudoLabels: { enabled: cfg.pseudoLabels.enabled, threshold: cfg.pseudoLabels.threshold, totalAssignments: 0 },
  };
}

/** Allowed fusion modalities that at least one labelled training segment actually has. */
function fusionOf(prep: PreparedData, cfg: SelfMiConfig): Modality[] {
  const present = cfg.fusionModalities.filter((m) => countPresent(prep.train.present[m], 0, prep.labelledCount) > 0);
  return present.length > 0 ? present : [...cfg.fusionModalities];
}

/**
 * Normalised units (population sd of each feature) by which a feature must differ across the labelled
 * segments for them to teach its head anything: below it, e.g. a still portrait whose face features
 * differ only by compression noise, every example shows the head the same input.
 */
export const INPUT_VARIES_BY = 0.1;

function inputsVary(x: PreparedData['train']['x'][Modality], present: Uint8Array, n: number): boolean {
  for (let j = 0; j < x.cols; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const v = x.data[i * x.cols + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > INPUT_VARIES_BY) return true;
  }
  return false;
}

/**
 * A head counts as trained when its modality was present in labelled training segments whose inputs
 * differ (INPUT_VARIES_BY), or when the model this run started from had it trained (tuning on
 * text-only labels, or on labels of a still picture, does not undo a head trained before).
 */
function headStatus(prep: PreparedData, fusion: Modality[], init?: SelfMiModel): Record<Head, HeadStatus> {
  const nL = prep.labelledCount;
  const out = {} as Record<Head, HeadStatus>;
  for (const m of MODALITIES) {
    const k = countPresent(prep.train.present[m], 0, nL);
    const varies = k > 1 && inputsVary(prep.train.x[m], prep.train.present[m], nL);
    const before = init?.heads[m];
    const why = k === 0 ? `no labelled ${m} in this run` : `the ${k} labelled segments with ${m} features all look alike to it`;
    if (!varies && before?.trained) out[m] = { ...before, note: `${before.note} (not retrained: ${why})` };
    else if (!varies) out[m] = { trained: false, labelledExamples: k, note: k === 0 ? `no labelled segment had ${m} features` : `${why} (a still picture or a constant signal): nothing to learn from` };
    else out[m] = { trained: true, labelledExamples: k, note: `ULGM labels from ${k} labelled segments with ${m} features` };
  }
  const used = fusion.filter((m) => out[m].trained);
  out.fused = { trained: used.length > 0, labelledExamples: nL, note: `fused over ${fusion.join('+')}, ${nL} labelled segments` };
  return out;
}

function checkCompatible(a: SelfMiConfig, b: SelfMiConfig): void {
  const shape = (c: SelfMiConfig) => JSON.stringify([c.dims, c.subnets, c.post, c.classHeads ?? {}]);
  if (shape(a) !== shape(b)) throw new Error('warm start: the starting model has different layer sizes than the tuning config');
}

/** The trainer's own forward pass for a model (no dropout, scores clipped): what ONNX must reproduce. */
export function predictModel(model: SelfMiModel, segments: TrainingData['segments']): Record<Head, number[]> {
  const params = toTensors(model.weights, model.config, false);
  try {
    return predictSet(params, toMatrices(segments, model.config, model.norm), model.config, model.fusion);
  } finally {
    Object.values(params).forEach((t) => t.dispose());
  }
}

/**
 * Scores (clipped) and each unimodal head's representation F_s for `segments`: what the spread models
 * of reliability.ts are fitted on.
 */
export function predictRepresentations(model: SelfMiModel, segments: TrainingData['segments'], chunk = 2048): { scores: Record<Head, number[]>; F: Record<Modality, Float32Array[]> } {
  const cfg = model.config;
  const set = toMatrices(segments, cfg, model.norm);
  const params = toTensors(model.weights, cfg, false);
  const F = { text: [], audio: [], video: [] } as Record<Modality, Float32Array[]>;
  try {
    for (let s = 0; s < segments.length; s += chunk) {
      const e = Math.min(segments.length, s + chunk);
      const reps = tf.tidy(() => {
        const x = {} as Record<Modality, tf.Tensor2D>;
        for (const m of MODALITIES) x[m] = tf.tensor2d(set.x[m].data.subarray(s * cfg.dims[m], e * cfg.dims[m]), [e - s, cfg.dims[m]]);
        const o = forward(params, x, cfg, null, model.fusion);
        return MODALITIES.map((m) => o.F[m]);
      });
      MODALITIES.forEach((m, k) => {
        const v = reps[k].dataSync() as Float32Array;
        const d = cfg.post[m].dim;
        for (let i = 0; i < e - s; i++) F[m].push(v.slice(i * d, (i + 1) * d));
        reps[k].dispose();
      });
    }
    return { scores: predictSet(params, set, cfg, model.fusion), F };
  } finally {
    Object.values(params).forEach((t) => t.dispose());
  }
}

/**
 * The variables whose gradients a step needs. Frozen ones are left out of variableGrads, so no
 * backward pass runs into a frozen subnet (the product's tune at <= 100 labels freezes them).
 */
function trainableVars(vars: Record<string, tf.Variable>, cfg: SelfMiConfig): tf.Variable[] {
  return paramSpecs(cfg)
    .filter((s) => isTrainable(cfg, s.name))
    .map((s) => vars[s.name]);
}

/** Whether a parameter trains under `cfg.trainable` (prefixes; empty = all). */
export function isTrainable(cfg: SelfMiConfig, name: string): boolean {
  return cfg.trainable.length === 0 || cfg.trainable.some((p) => name === p || name.startsWith(`${p}.`));
}
