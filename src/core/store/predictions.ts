import fs from 'node:fs';
import path from 'node:path';
import type { ModalitySpreads, Prediction } from '../../shared/types';
import type { Db } from './db';
import { nowIso } from './db';

export interface ModelVersionRow {
  id: string;
  created_at: string;
  parent: string | null;
  active: number;
  source: string;
  dir: string;
  config_json: string;
  metrics_json: string;
  data_summary_json: string;
}

/**
 * How a version's folder is stored, so that a project can be copied or moved: a folder inside the
 * project by its path relative to it (`models/v-…`), the shipped pack by name (`pack:selfmi`, which
 * analysis/models.ts resolves against the pack in use). Rows read here carry the absolute folder
 * where the project is now; a version an older Attune stored by absolute path that is gone is
 * looked for under this project's `models/` (the project was moved).
 */
export const PACK_DIR_PREFIX = 'pack:';

function projectRoot(db: Db): string | null {
  return db.name && db.name !== ':memory:' ? path.dirname(path.resolve(db.name)) : null;
}

function storedDir(db: Db, dir: string): string {
  const root = projectRoot(db);
  if (!root || !path.isAbsolute(dir)) return dir;
  const rel = path.relative(root, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : dir;
}

function resolvedRow(db: Db, row: ModelVersionRow): ModelVersionRow {
  const root = projectRoot(db);
  if (!root || !row.dir || row.dir.startsWith(PACK_DIR_PREFIX)) return row;
  if (!path.isAbsolute(row.dir)) return { ...row, dir: path.resolve(root, row.dir) };
  if (!fs.existsSync(row.dir)) {
    const moved = path.join(root, 'models', path.basename(row.dir));
    if (fs.existsSync(moved)) return { ...row, dir: moved };
  }
  return row;
}

export function activeModelVersion(db: Db): ModelVersionRow | null {
  const row = db.prepare('SELECT * FROM model_versions WHERE active = 1 LIMIT 1').get() as ModelVersionRow | undefined;
  return row ? resolvedRow(db, row) : null;
}

export function listModelVersions(db: Db): ModelVersionRow[] {
  return (db.prepare('SELECT * FROM model_versions ORDER BY created_at, id').all() as ModelVersionRow[]).map((r) => resolvedRow(db, r));
}

/** `ifAbsent`: a version already registered under that id (by another process, at the same time) is kept. */
export function insertModelVersion(db: Db, v: Omit<ModelVersionRow, 'active' | 'created_at'> & { created_at?: string }, { ifAbsent = false } = {}): void {
  db.prepare(
    `INSERT ${ifAbsent ? 'OR IGNORE ' : ''}INTO model_versions (id, created_at, parent, active, source, dir, config_json, metrics_json, data_summary_json) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  ).run(v.id, v.created_at ?? nowIso(), v.parent, v.source, storedDir(db, v.dir), v.config_json, v.metrics_json, v.data_summary_json);
}

export function activateModelVersion(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('UPDATE model_versions SET active = 0').run();
    db.prepare('UPDATE model_versions SET active = 1 WHERE id = ?').run(id);
  })();
}

export interface PredictionWrite {
  segmentId: string;
  text: number;
  audio: number;
  video: number;
  fused: number;
  confidence: number;
  spread?: ModalitySpreads;
}

const NO_SPREAD: ModalitySpreads = { text: null, audio: null, video: null, fused: null };

export function writePredictions(db: Db, modelVersion: string, rows: PredictionWrite[]): void {
  const stmt = db.prepare(
    'INSERT OR REPLACE INTO predictions (segment_id, model_version, text, audio, video, fused, confidence, spread_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const at = nowIso();
  db.transaction(() => {
    for (const r of rows) stmt.run(r.segmentId, modelVersion, r.text, r.audio, r.video, r.fused, r.confidence, JSON.stringify(r.spread ?? NO_SPREAD), at);
  })();
}

/** Removes a version's predictions (those of a tuned model that was never activated). */
export function deletePredictions(db: Db, modelVersion: string): void {
  db.prepare('DELETE FROM predictions WHERE model_version = ?').run(modelVersion);
}

/** Predictions of the given model version (default: the active one), joined with their segments. */
export function listPredictions(db: Db, modelVersion?: string): Prediction[] {
  const version = modelVersion ?? activeModelVersion(db)?.id;
  if (!version) return [];
  const rows = db
    .prepare(
      `SELECT p.*, s.start_ms, s.end_ms, s.speaker, s.text AS seg_text, r.has_video AS rec_video, r.has_audio AS rec_audio FROM predictions p JOIN segments s ON s.id = p.segment_id
       JOIN recordings r ON r.id = s.recording_id WHERE p.model_version = ? ORDER BY r.imported_at, r.id, s.start_ms, s.id`,
    )
    .all(version) as Record<string, any>[];
  return rows.map((r) => ({
    segmentId: r.segment_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    speaker: r.speaker,
    text: r.seg_text,
    scores: { text: r.text, audio: r.audio, video: r.video, fused: r.fused },
    spread: r.spread_json ? { ...NO_SPREAD, ...(JSON.parse(r.spread_json) as Partial<ModalitySpreads>) } : NO_SPREAD,
    confidence: r.confidence,
    modelVersion: r.model_version,
    present: { text: String(r.seg_text).trim() !== '', audio: r.rec_audio === 1, video: r.rec_video === 1 },
  }));
}
