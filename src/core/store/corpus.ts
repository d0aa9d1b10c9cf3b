/**
 * The corpus reads of `attune batch status` and the Library's corpus view (service/corpus.ts):
 * batch items with their results, recordings with their content keys, and the active version's
 * fused scores per segment.
 */
import type { Db } from './db';
import type { BatchItemRow, BatchResultRow } from './batch';

export type BatchItemWithResult = BatchItemRow & {
  state: BatchResultRow['state'] | null;
  error: string | null;
  segments: number | null;
  predicted: number | null;
  finished_at: string | null;
  worker: string | null;
};

/** Every batch item in the order it was asked for, with its result where there is one. */
export function batchItemsWithResults(db: Db): BatchItemWithResult[] {
  return db
    .prepare(
      `SELECT i.key, i.content_hash, i.model_version, i.media_path, i.transcript_path, i.speaker_map,
              r.state, r.error, r.segments, r.predicted, r.finished_at, r.worker
       FROM batch_items i LEFT JOIN batch_results r ON r.key = i.key ORDER BY i.added_at, i.key`,
    )
    .all() as BatchItemWithResult[];
}

export interface KeyedRecording {
  id: string;
  name: string;
  media_path: string;
  transcript_path: string | null;
  content_hash: string | null;
  origin: 'batch' | 'import' | null;
}

/** Every recording with its content key and who imported it (null: imported before keys existed). */
export function keyedRecordings(db: Db): KeyedRecording[] {
  return db.prepare('SELECT r.id, r.name, r.media_path, r.transcript_path, b.content_hash, b.origin FROM recordings r LEFT JOIN batch_recordings b ON b.recording_id = r.id').all() as KeyedRecording[];
}

/** The model versions each recording has scores of, oldest id first. */
export function scoredVersionsByRecording(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = db.prepare('SELECT s.recording_id AS rid, p.model_version AS mv FROM predictions p JOIN segments s ON s.id = p.segment_id GROUP BY s.recording_id, p.model_version ORDER BY p.model_version').all() as { rid: string; mv: string }[];
  for (const v of rows) out.set(v.rid, [...(out.get(v.rid) ?? []), v.mv]);
  return out;
}

export interface FusedSegmentRow {
  rid: string;
  name: string;
  dur: number;
  a: number;
  b: number;
  speaker: string | null;
  fused: number;
}

/** One model version's fused score of every segment, by recording and time. */
export function fusedScoresOf(db: Db, modelVersion: string): FusedSegmentRow[] {
  return db
    .prepare(
      `SELECT s.recording_id AS rid, r.name, r.duration_ms AS dur, s.start_ms AS a, s.end_ms AS b, s.speaker, p.fused
       FROM predictions p JOIN segments s ON s.id = p.segment_id JOIN recordings r ON r.id = s.recording_id
       WHERE p.model_version = ? ORDER BY r.name, r.id, s.start_ms`,
    )
    .all(modelVersion) as FusedSegmentRow[];
}

export function hadBatch(db: Db): boolean {
  return (db.prepare('SELECT COUNT(*) AS n FROM batch_items').get() as { n: number }).n > 0;
}
