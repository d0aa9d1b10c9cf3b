/**
 * exportModel(): a trained SelfMiModel becomes `<dir>/model.onnx` + `<dir>/manifest.json`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { HEADS, MODALITIES } from './config';
import { normToJson } from './data';
import { buildOnnx, OPSET, PRESENCE_INPUT, SCORE_OUTPUT } from './onnx-graph';
import { FUSION_RULE, reliabilityOf } from './reliability';
import { POLARITY_CONFIDENCE_RULE } from './confidence';
import type { SelfMiManifest } from './manifest';
import type { SelfMiModel } from './types';
import { writeFileAtomic } from '../store/atomic-write';

import { MANIFEST_FILE, MODEL_FILE } from './model-files';

export { MANIFEST_FILE, MODEL_FILE };
const PRODUCER_VERSION = '1';

export async function exportModel(model: SelfMiModel, dir: string, training: Record<string, unknown> = {}): Promise<SelfMiManifest> {
  mkdirSync(dir, { recursive: true });
  const reliability = reliabilityOf(model);
  const bytes = buildOnnx({ ...model, reliability }, PRODUCER_VERSION);
  const status = (m: (typeof MODALITIES)[number]) => ({
    fitted: reliability.spread[m] !== null,
    note: reliability.meta?.[m]?.note ?? (reliability.spread[m] ? 'spread model' : 'no spread model: not in the fusion'),
    calibration: reliability.meta?.[m]?.calibration ?? {},
  });
  const manifest: SelfMiManifest = {
    format: 'attune-selfmi',
    formatVersion: 2,
    createdAt: new Date().toISOString(),
    onnx: { file: MODEL_FILE, sha256: createHash('sha256').update(bytes).digest('hex'), opset: OPSET, inputs: [...MODALITIES, PRESENCE_INPUT], output: SCORE_OUTPUT },
    heads: [...HEADS],
    fusion: [...model.fusion],
    headStatus: model.heads,
    scoreRange: model.config.scoreRange,
    featureDims: { ...model.config.dims },
    featureNames: model.featureNames ?? {},
    normalisation: normToJson(model.norm),
    config: model.config,
    confidence: POLARITY_CONFIDENCE_RULE,
    reliability: { text: status('text'), audio: status('audio'), video: status('video'), rule: FUSION_RULE },
    training,
  };
  writeFileAtomic(path.join(dir, MODEL_FILE), bytes);
  writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
