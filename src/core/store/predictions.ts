/** The predictions table: each model version's scores per segment (model versions: model-versions.ts). */
import type { ModalitySpreads, Prediction } from '../../shared/types';
import type { Db } from './db';
import { nowIso } from './db';
import { activeModelVersion } from './model-versions';
import { textIsScored, type Language } from '../../shared/text/language';

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
      `SELECT p.*, s.start_ms, s.end_ms, s.speaker, s.text AS seg_text, r.has_video AS rec_video, r.has_audio AS rec_audio, r.language AS rec_language FROM predictions p JOIN segments s ON s.id = p.segment_id
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
    // No text evidence without words, or in a language the text encoder does not read (feature-matrix.ts).
    present: { text: String(r.seg_text).trim() !== '' && textIsScored(r.rec_language as Language), audio: r.rec_audio === 1, video: r.rec_video === 1 },
  }));
}

/**
 * Drops the stored predictions of segments whose bounds or text changed: they scored another
 * window (every version's; the background analysis scores the new window).
 */
export function deleteSegmentPredictions(db: Db, segmentIds: string[]): void {
  db.prepare(`DELETE FROM predictions WHERE segment_id IN (${segmentIds.map(() => '?').join(',')})`).run(...segmentIds);
}
