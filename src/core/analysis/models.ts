/**
 * Model versions of a project: the shipped default is version "default"; every tuning run adds a
 * version (its ONNX + manifest under <project>/models/<id>/) with its config, data summary and
 * metrics, and activates it. Inference always runs the active version through ONNX Runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError } from '../../shared/errors';
import type { ExecutionProvider, ModalitySpreads } from '../../shared/types';
import { defaultPackDir } from '../models/pack';
import { HEADS } from '../selfmi/config';
import { loadModel, readManifest, type LoadedModel } from '../selfmi/load';
import type { Db } from '../store/db';
import { writePredictions } from '../store/predictions';
import { activateModelVersion, activeModelVersion, insertModelVersion, listModelVersions, PACK_DIR_PREFIX, type ModelVersionRow } from '../store/model-versions';
import type { SegmentFeatureRow } from './feature-matrix';

export const DEFAULT_VERSION = 'default';
/** The default model's folder inside the pack; the default version is stored by this name, not by path. */
const DEFAULT_IN_PACK = 'selfmi';

export function defaultModelDir(): string {
  return path.join(defaultPackDir(), DEFAULT_IN_PACK);
}

/** A version's folder now: `pack:` rows in the pack in use (ATTUNE_MODELS may have moved), others as the store resolved them. */
export function versionDir(row: ModelVersionRow): string {
  if (row.dir.startsWith(PACK_DIR_PREFIX)) return path.join(defaultPackDir(), row.dir.slice(PACK_DIR_PREFIX.length));
  // An older Attune stored the default by absolute path: where that pack is gone, the one in use.
  if (row.id === DEFAULT_VERSION && !fs.existsSync(row.dir)) return defaultModelDir();
  return row.dir;
}

export function trainedHeadsOf(dir: string): string[] {
  const m = readManifest(dir);
  return HEADS.filter((h) => h !== 'fused' && m.headStatus[h].trained);
}

/** The active version, registering the shipped default model on first use. */
export function ensureActiveVersion(db: Db): ModelVersionRow {
  const active = activeModelVersion(db);
  if (active) return { ...active, dir: versionDir(active) };
  if (!listModelVersions(db).some((v) => v.id === DEFAULT_VERSION)) {
    const dir = defaultModelDir();
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new AttuneError('NOT_FOUND', `the default Self-MI model is missing (${dir}); run the model pack scripts`);
    const m = readManifest(dir);
    insertModelVersion(db, {
      id: DEFAULT_VERSION,
      parent: null,
      source: 'shipped default model (models/default/selfmi)',
      dir: PACK_DIR_PREFIX + DEFAULT_IN_PACK,
      config_json: JSON.stringify({ trainedHeads: trainedHeadsOf(dir), heads: m.headStatus }),
      metrics_json: JSON.stringify(flatMetrics(m.training)),
      data_summary_json: JSON.stringify({ trainedOn: Object.fromEntries(HEADS.map((h) => [h, m.headStatus[h].note])) }),
    }, { ifAbsent: true }); // two first opens at once may both get here
  }
  activateModelVersion(db, DEFAULT_VERSION);
  const row = activeModelVersion(db)!;
  return { ...row, dir: versionDir(row) };
}

/** Numbers from a manifest's training record, flattened to name -> number for the version list. */
export function flatMetrics(training: unknown, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  if (!training || typeof training !== 'object') return out;
  for (const [k, v] of Object.entries(training as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(out).length < 200) Object.assign(out, flatMetrics(v, key));
  }
  return out;
}

export async function loadVersion(row: ModelVersionRow, ep: ExecutionProvider): Promise<LoadedModel> {
  return loadModel(versionDir(row), ep);
}

export async function predictAndStore(db: Db, row: ModelVersionRow, features: SegmentFeatureRow[], ep: ExecutionProvider): Promise<number> {
  const model = await loadVersion(row, ep);
  const preds = await model.predict(features.map((f) => ({ id: f.segment.id, text: f.text, audio: f.audio, video: f.video })));
  writePredictions(
    db,
    row.id,
    preds.map((p, i) => ({
      segmentId: features[i].segment.id,
      ...p.scores,
      confidence: p.confidence,
      // null where a head has no spread, or its modality was absent (no face in view): no evidence, no interval.
      spread: Object.fromEntries(HEADS.map((h) => [h, Number.isNaN(p.spread[h]) || (h !== 'fused' && p.present[h] === 0) ? null : p.spread[h]])) as ModalitySpreads,
    })),
  );
  return preds.length;
}
