/**
 * exportModel(): a trained SelfMiModel becomes `<dir>/model.onnx` + `<dir>/manifest.json`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { HEADS, MODALITIES } from './config';
import { normToJson } from './data';
import { buildOnnx, OPSET, SCORE_OUTPUT } from './onnx-graph';
import { CONFIDENCE_RULE } from './confidence';
import type { SelfMiManifest } from './manifest';
import type { SelfMiModel } from './types';

export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FILE = 'manifest.json';
const PRODUCER_VERSION = '1';

export async function exportModel(model: SelfMiModel, dir: string, training: Record<string, unknown> = {}): Promise<SelfMiManifest> {
  mkdirSync(dir, { recursive: true });
  const bytes = buildOnnx(model, PRODUCER_VERSION);
  const manifest: SelfMiManifest = {
    format: 'attune-selfmi',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    onnx: { file: MODEL_FILE, sha256: createHash('sha256').update(bytes).digest('hex'), opset: OPSET, inputs: [...MODALITIES], output: SCORE_OUTPUT },
    heads: [...HEADS],
    fusion: [...model.fusion],
    headStatus: model.heads,
    scoreRange: model.config.scoreRange,
    featureDims: { ...model.config.dims },
    featureNames: model.featureNames ?? {},
    normalisation: normToJson(model.norm),
    config: model.config,
    confidence: CONFIDENCE_RULE,
    training,
  };
  // Write-then-rename so a reader never sees half a model.
  writeAtomic(path.join(dir, MODEL_FILE), bytes);
  writeAtomic(path.join(dir, MANIFEST_FILE), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  return manifest;
}

function writeAtomic(file: string, data: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
