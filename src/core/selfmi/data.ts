/**
 * Turns segments into normalised matrices for the trainer: checks sizes and labels (naming the
 * segment), splits labelled / unlabelled / validation, and computes per-dimension z-score stats
 * over all training segments (unlabelled ones describe the feature distribution too).
 */
import { InputError } from '../../shared/errors';
import { MODALITIES, type Modality, type SelfMiConfig } from './config';
import { makeRng, shuffled } from './rng';
import type { Norm, NormStats, SegmentFeatures, TrainingData } from './types';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface PreparedSet {
  ids: string[];
  x: Record<Modality, Matrix>;
  present: Record<Modality, Uint8Array>;
  /** NaN where unlabelled. */
  labels: Float64Array;
}

export interface PreparedData {
  /** Labelled training rows first, then unlabelled ones. */
  train: PreparedSet;
  labelledCount: number;
  validation: PreparedSet | null;
  validationSource: 'given' | 'split' | 'none';
  norm: Norm;
}

export function checkSegments(segments: SegmentFeatures[], cfg: SelfMiConfig, source: string): void {
  const seen = new Set<string>();
  segments.forEach((s, i) => {
    const where = `segment ${i + 1} ('${s.id}')`;
    if (seen.has(s.id)) throw new InputError(source, `${where}: duplicate segment id`);
    seen.add(s.id);
    for (const m of MODALITIES) {
      const v = s[m];
      if (v === null || v === undefined) continue;
      if (v.length !== cfg.dims[m]) throw new InputError(source, `${where}: ${m} features have ${v.length} values, the model expects ${cfg.dims[m]}`);
      for (let j = 0; j < v.length; j++) {
        if (!Number.isFinite(v[j])) throw new InputError(source, `${where}: ${m} feature ${j} is not a finite number`);
      }
    }
    if (s.label !== null && s.label !== undefined) {
      if (!Number.isFinite(s.label) || Math.abs(s.label) > cfg.scoreRange) {
        throw new InputError(source, `${where}: label ${s.label} is outside [-${cfg.scoreRange}, ${cfg.scoreRange}]`);
      }
    }
  });
}

/** Training-data sd under which a feature counts as constant (its normalisation divides by 1). */
export const MIN_STD = 1e-3;

export function computeNorm(segments: SegmentFeatures[], cfg: SelfMiConfig): Norm {
  const out = {} as Norm;
  for (const m of MODALITIES) {
    const d = cfg.dims[m];
    const sum = new Float64Array(d);
    const sq = new Float64Array(d);
    let n = 0;
    for (const s of segments) {
      const v = s[m];
      if (!v) continue;
      n++;
      for (let j = 0; j < d; j++) {
        sum[j] += v[j];
        sq[j] += v[j] * v[j];
      }
    }
    const mean = new Float32Array(d);
    const std = new Float32Array(d).fill(1);
    if (n > 0) {
      for (let j = 0; j < d; j++) {
        const mu = sum[j] / n;
        const variance = Math.max(0, sq[j] / n - mu * mu);
        mean[j] = mu;
        // A (nearly) constant dimension carries no information; dividing by ~0 would only amplify
        // noise, and turn a value that varies at inference into a huge input (face motion is ~1e-4
        // in training stills and 0.03 in a real video). Below 1e-3 it counts as constant.
        std[j] = Math.sqrt(variance) > MIN_STD ? Math.sqrt(variance) : 1;
      }
    }
    out[m] = { mean, std };
  }
  return out;
}

export function toMatrices(segments: SegmentFeatures[], cfg: SelfMiConfig, norm: Norm): PreparedSet {
  const n = segments.length;
  const x = {} as Record<Modality, Matrix>;
  const present = {} as Record<Modality, Uint8Array>;
  for (const m of MODALITIES) {
    const d = cfg.dims[m];
    const data = new Float32Array(n * d);
    const p = new Uint8Array(n);
    const { mean, std } = norm[m];
    segments.forEach((s, i) => {
      const v = s[m];
      if (!v) return; // missing stays 0 = the training mean after normalisation
      p[i] = 1;
      for (let j = 0; j < d; j++) data[i * d + j] = (v[j] - mean[j]) / std[j];
    });
    x[m] = { rows: n, cols: d, data };
    present[m] = p;
  }
  const labels = new Float64Array(n);
  segments.forEach((s, i) => (labels[i] = s.label === null || s.label === undefined ? NaN : s.label));
  return { ids: segments.map((s) => s.id), x, present, labels };
}

export function prepareData(data: TrainingData, cfg: SelfMiConfig, fixedNorm?: Norm): PreparedData {
  const source = data.source ?? 'training data';
  checkSegments(data.segments, cfg, source);
  if (data.validation) checkSegments(data.validation, cfg, `${source} (validation)`);
  const isLabelled = (s: SegmentFeatures) => s.label !== null && s.label !== undefined;
  let labelled = data.segments.filter(isLabelled);
  const unlabelled = data.segments.filter((s) => !isLabelled(s));
  let validation: SegmentFeatures[] = [];
  let validationSource: PreparedData['validationSource'] = 'none';
  if (data.validation && data.validation.length > 0) {
    const bad = data.validation.findIndex((s) => !isLabelled(s));
    if (bad >= 0) throw new InputError(`${source} (validation)`, `segment ${bad + 1} ('${data.validation[bad].id}'): validation segments need a label`);
    validation = data.validation;
    validationSource = 'given';
  } else if (cfg.validationFraction > 0) {
    const k = Math.floor(labelled.length * cfg.validationFraction);
    if (k >= 1 && labelled.length - k >= 2) {
      const order = shuffled(labelled, makeRng(cfg.seed ^ 0x5eed));
      validation = order.slice(0, k);
      const held = new Set(validation.map((s) => s.id));
      labelled = labelled.filter((s) => !held.has(s.id));
      validationSource = 'split';
    }
  }
  if (labelled.length < 2) {
    throw new InputError(source, `Self-MI training needs at least 2 labelled segments, found ${labelled.length}`);
  }
  const trainSegs = [...labelled, ...unlabelled];
  const norm = fixedNorm ?? computeNorm(trainSegs, cfg);
  return {
    train: toMatrices(trainSegs, cfg, norm),
    labelledCount: labelled.length,
    validation: validation.length ? toMatrices(validation, cfg, norm) : null,
    validationSource,
    norm,
  };
}

export function normToJson(norm: Norm): Record<Modality, { mean: number[]; std: number[] }> {
  const out = {} as Record<Modality, { mean: number[]; std: number[] }>;
  for (const m of MODALITIES) out[m] = { mean: Array.from(norm[m].mean), std: Array.from(norm[m].std) };
  return out;
}

export function normFromJson(json: Record<string, { mean: number[]; std: number[] }>): Norm {
  const out = {} as Norm;
  for (const m of MODALITIES) {
    const s: NormStats = { mean: Float32Array.from(json[m].mean), std: Float32Array.from(json[m].std) };
    out[m] = s;
  }
  return out;
}
