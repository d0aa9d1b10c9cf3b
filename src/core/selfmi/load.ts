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
import { readInitializers } from './onnx-graph';
import { headConfidence, predictionConfidence } from './confidence';
import { MANIFEST_FILE } from './export-onnx';
import { parseManifest, type SelfMiManifest } from './manifest';
import type { SegmentFeatures, SelfMiModel } from './types';

export type FeatureRow = Pick<SegmentFeatures, 'text' | 'audio' | 'video'> & { id?: string };

export interface ModelPrediction {
  scores: Record<Head, number>;
  /** Overall confidence of the fused score (see confidence.ts). */
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
    const out = await session.run(feeds);
    const s = out[manifest.onnx.output].data as Float32Array;
    return rows.map((_, i) => {
      const scores = Object.fromEntries(HEADS.map((h, j) => [h, s[i * HEADS.length + j]])) as Record<Head, number>;
      return { scores, confidence: predictionConfidence(scores, trained), headConfidence: headConfidence(scores, trained) };
    });
  }

  return {
    dir,
    manifest,
    provider,
    trained,
    predict,
    toSelfMiModel: () => ({
      config: manifest.config,
      weights: readInitializers(bytes),
      fusion: manifest.fusion,
      norm,
      heads: manifest.headStatus,
      featureNames: manifest.featureNames,
    }),
  };
}
