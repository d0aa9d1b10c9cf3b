/**
 * loadModel(): an exported Self-MI model, run through ONNX Runtime (the one session owner,
 * src/core/models/runtime.ts) on the chosen execution provider.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../../shared/errors';
import type { ExecutionProvider } from '../../shared/types';
import { getSession, ort } from '../models/runtime';
import { HEADS, MODALITIES, type Head, type Modality } from './config';
import { normFromJson } from './data';
import { PRESENCE_INPUT, readInitializers, SELFMI_OUTPUT, SPREAD_OUTPUT } from './onnx-graph';
import { headConfidence, predictionConfidence } from './confidence';
import { reliabilityFromInitializers } from './reliability';
import { interval, polarityConfidence } from '../../shared/uncertainty';
import { MANIFEST_FILE } from './model-files';
import { parseManifest, type SelfMiManifest } from './manifest';
import type { SegmentFeatures, SelfMiModel } from './types';

export type FeatureRow = Pick<SegmentFeatures, 'text' | 'audio' | 'video'> & {
  id?: string;
  /** Overrides how present a modality is (0..1); by default 1 when its features exist, video = face ratio. */
  presence?: Partial<Record<Modality, number>>;
};

export interface ModelPrediction {
  /** fused = the reliability-weighted fusion of the unimodal heads (reliability.ts). */
  scores: Record<Head, number>;
  /** sd of each head's predictive distribution; NaN where the head has no spread model (untrained, or a v1 file). */
  spread: Record<Head, number>;
  /** 80 % interval per head, clipped to the score range; null where the spread is NaN. */
  interval: Record<Head, [number, number] | null>;
  /** How present each modality was (0..1): what the fusion weighed it by. */
  present: Record<Modality, number>;
  /** Self-MI's own concat-fusion head (kept for tuning and comparison). */
  selfmiFused: number;
  /** P(the truth has the fused score's sign) under the fused interval (v2); the agreement heuristic for v1 files. */
  confidence: number;
  headConfidence: Record<Head, number>;
}

export interface LoadedModel {
  dir: string;
  manifest: SelfMiManifest;
  provider: string;
  trained: Record<Head, boolean>;
  predict(rows: FeatureRow[]): Promise<ModelPrediction[]>;
  /** The trainable form (for tuning from this version). */
  toSelfMiModel(): SelfMiModel;
}

export function readManifest(dir: string): SelfMiManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, `cannot read Self-MI manifest: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseManifest(json, file);
}

export async function loadModel(dir: string, ep: ExecutionProvider = 'auto'): Promise<LoadedModel> {
  const manifest = readManifest(dir);
  const onnxPath = path.join(dir, manifest.onnx.file);
  const bytes = readFileSync(onnxPath);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== manifest.onnx.sha256) throw new InputError(onnxPath, `checksum ${sha} does not match the manifest (${manifest.onnx.sha256})`);
  const { session, provider } = await getSession(onnxPath, ep);
  const trained = Object.fromEntries(HEADS.map((h) => [h, manifest.headStatus[h].trained])) as Record<Head, boolean>;
  const dims = manifest.featureDims;
  const norm = normFromJson(manifest.normalisation);
  const v2 = manifest.formatVersion === 2;
  const faceRatioAt = manifest.featureNames.video?.indexOf('faceRatio') ?? -1;
  const range = manifest.scoreRange;

  async function predict(rows: FeatureRow[]): Promise<ModelPrediction[]> {
    if (rows.length === 0) return [];
    const feeds: Record<string, ort.Tensor> = {};
    for (const m of MODALITIES as readonly Modality[]) {
      const d = dims[m];
      const buf = new Float32Array(rows.length * d);
      rows.forEach((r, i) => {
        const v = r[m];
        const where = `row ${i + 1}${r.id ? ` ('${r.id}')` : ''}`;
        // Missing modality = the training mean, i.e. 0 after the graph's normalisation.
        if (!v) return buf.set(norm[m].mean, i * d);
        if (v.length !== d) throw new InputError(dir, `${where}: ${m} features have ${v.length} values, the model expects ${d}`);
        for (let j = 0; j < d; j++) buf[i * d + j] = v[j];
      });
      feeds[m] = new ort.Tensor('float32', buf, [rows.length, d]);
    }
    const present = rows.map((r) => presenceOf(r, faceRatioAt));
    if (v2) {
      const p = new Float32Array(rows.length * MODALITIES.length);
      present.forEach((x, i) => MODALITIES.forEach((m, j) => (p[i * MODALITIES.length + j] = x[m])));
      feeds[PRESENCE_INPUT] = new ort.Tensor('float32', p, [rows.length, MODALITIES.length]);
    }
    const out = await session.run(feeds);
    const s = out[manifest.onnx.output].data as Float32Array;
    const sd = v2 ? (out[SPREAD_OUTPUT].data as Float32Array) : null;
    const selfmi = v2 ? (out[SELFMI_OUTPUT].data as Float32Array) : null;
    const spreadOk = HEADS.map((h) => v2 && (h === 'fused' ? trained.fused : Boolean(manifest.reliability?.[h].fitted)));
    // Plain loops and literal objects: this runs once per segment of an hour-long meeting, and
    // Object.fromEntries per field made it 6x the cost of the ONNX Runtime call itself.
    const perHead = <T,>(f: (h: Head, j: number) => T) => ({ fused: f('fused', 0), text: f('text', 1), audio: f('audio', 2), video: f('video', 3) });
    return rows.map((_, i) => {
      const o = i * HEADS.length;
      const scores = perHead((_h, j) => s[o + j]);
      const spread = perHead((_h, j) => (sd && spreadOk[j] ? sd[o + j] : NaN));
      const ivl = perHead((h) => (Number.isNaN(spread[h]) ? null : interval(scores[h], spread[h], 0.8, range)));
      const base = { scores, spread, interval: ivl, present: present[i], selfmiFused: selfmi ? selfmi[i] : scores.fused };
      if (!v2) return { ...base, confidence: predictionConfidence(scores, trained), headConfidence: headConfidence(scores, trained) };
      const conf = perHead((h) => (Number.isNaN(spread[h]) ? 0 : polarityConfidence(scores[h], spread[h])));
      return { ...base, confidence: conf.fused, headConfidence: conf };
    });
  }

  return {
    dir,
    manifest,
    provider,
    trained,
    predict,
    toSelfMiModel: () => {
      const weights = readInitializers(bytes);
      const rel = manifest.reliability;
      return {
        config: manifest.config,
        weights,
        fusion: manifest.fusion,
        norm,
        heads: manifest.headStatus,
        featureNames: manifest.featureNames,
        reliability:
          v2 && rel
            ? reliabilityFromInitializers(
                weights,
                { text: rel.text.fitted, audio: rel.audio.fitted, video: rel.video.fitted },
                Object.fromEntries(MODALITIES.map((m) => [m, { note: rel[m].note, calibration: rel[m].calibration }])),
              )
            : undefined,
      };
    },
  };
}

/** 1 when a modality's features exist (video: the fraction of frames with a face), unless the row says otherwise. */
function presenceOf(r: FeatureRow, faceRatioAt: number): Record<Modality, number> {
  const clamp = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0);
  const p: Record<Modality, number> = {
    text: r.text ? 1 : 0,
    audio: r.audio ? 1 : 0,
    video: r.video ? (faceRatioAt >= 0 ? clamp(r.video[faceRatioAt]) : 1) : 0,
  };
  for (const m of MODALITIES) if (r.presence?.[m] !== undefined) p[m] = clamp(r.presence[m]!);
  return p;
}
