/**
 * Corpus batch bookkeeping (migration 5): content -> recording, and (content, model version) ->
 * outcome. The embedded pool and the BullMQ workers write the same rows through the same job
 * function (service/batch-job.ts); a rerun reads them to skip what is done.
 */
import type { Db } from './db';
import { nowIso } from './db';

export interface BatchResultRow {
  key: string;
  content_hash: string;
  model_version: string;
  recording_id: string | null;
  media_path: string;
  state: 'done' | 'failed';
  segments: number | null;
  predicted: number | null;
  error: string | null;
  attempts: number;
  worker: string | null;
  finished_at: string;
}

/** The recording an earlier batch made of this content, if it is still in the project. */
export function recordingForContent(db: Db, contentHash: string): string | null {
  const row = db
    .prepare('SELECT b.recording_id AS id FROM batch_recordings b JOIN recordings r ON r.id = b.recording_id WHERE b.content_hash = ?')
    .get(contentHash) as { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * Called inside the import's transaction: the recording and its content key commit together or not
 * at all. A batch's key is unique (a second import of the same content is refused, and the racing
 * worker reuses the first); `attune import` of content already there keeps the first key (false).
 */
export function insertBatchRecording(db: Db, contentHash: string, recordingId: string, mediaPath: string, transcriptPath: string | null, origin: 'batch' | 'import' = 'batch'): boolean {
  return db.prepare(`INSERT ${origin === 'import' ? 'OR IGNORE ' : ''}INTO batch_recordings (content_hash, recording_id, media_path, transcript_path, imported_at, origin) VALUES (?, ?, ?, ?, ?, ?)`).run(contentHash, recordingId, mediaPath, transcriptPath, nowIso(), origin).changes === 1;
}

/** Recordings of the project without a content key (imported before every import stored one). */
export function unkeyedRecordings(db: Db): { id: string; media_path: string; transcript_path: string | null }[] {
  return db.prepare('SELECT id, media_path, transcript_path FROM recordings WHERE id NOT IN (SELECT recording_id FROM batch_recordings)').all() as { id: string; media_path: string; transcript_path: string | null }[];
}

export interface BatchItemRow {
  key: string;
  /** '' for an entry refused before it could be hashed (an unreadable file, a bad speaker map). */
  content_hash: string;
  model_version: string;
  media_path: string;
  transcript_path: string | null;
  speaker_map: string | null;
}

/** What a batch was asked to do, so work not finished yet is known (a rerun moves it to the end). */
export function addBatchItems(db: Db, rows: BatchItemRow[]): void {
  const stmt = db.prepare(
    `INSERT INTO batch_items (key, content_hash, model_version, media_path, transcript_path, speaker_map, added_at) VALUES (@key, @content_hash, @model_version, @media_path, @transcript_path, @speaker_map, @added_at)
     ON CONFLICT(key) DO UPDATE SET media_path = excluded.media_path, transcript_path = excluded.transcript_path, added_at = excluded.added_at`,
  );
  const at = nowIso();
  db.transaction(() => {
    for (const r of rows) stmt.run({ ...r, added_at: at });
  })();
}

/** Entries refused earlier that a rerun could read: their old refusal is no longer the truth. */
export function removeBatchItems(db: Db, keys: string[]): void {
  const items = db.prepare('DELETE FROM batch_items WHERE key = ?');
  const results = db.prepare('DELETE FROM batch_results WHERE key = ?');
  db.transaction(() => {
    for (const k of keys) {
      items.run(k);
      results.run(k);
    }
  })();
}

export function batchResult(db: Db, key: string): BatchResultRow | null {
  return (db.prepare('SELECT * FROM batch_results WHERE key = ?').get(key) as BatchResultRow | undefined) ?? null;
}

export function batchResults(db: Db, keys: string[]): Map<string, BatchResultRow> {
  const out = new Map<string, BatchResultRow>();
  const get = db.prepare('SELECT * FROM batch_results WHERE key = ?');
  for (const k of keys) {
    const row = get.get(k) as BatchResultRow | undefined;
    if (row) out.set(k, row);
  }
  return out;
}

export function writeBatchResult(db: Db, r: Omit<BatchResultRow, 'attempts' | 'finished_at'>): void {
  db.prepare(
    `INSERT INTO batch_results (key, content_hash, model_version, recording_id, media_path, state, segments, predicted, error, attempts, worker, finished_at)
     VALUES (@key, @content_hash, @model_version, @recording_id, @media_path, @state, @segments, @predicted, @error, 1, @worker, @finished_at)
     ON CONFLICT(key) DO UPDATE SET recording_id = excluded.recording_id, media_path = excluded.media_path, state = excluded.state,
       segments = excluded.segments, predicted = excluded.predicted, error = excluded.error, attempts = attempts + 1,
       worker = excluded.worker, finished_at = excluded.finished_at
     WHERE batch_results.state <> 'done'`,
  ).run({ ...r, finished_at: nowIso() });
}

export function countBatch(db: Db): { recordings: number; done: number; failed: number } {
  return db.prepare(
    "SELECT (SELECT COUNT(*) FROM batch_recordings) AS recordings, (SELECT COUNT(*) FROM batch_results WHERE state = 'done') AS done, (SELECT COUNT(*) FROM batch_results WHERE state = 'failed') AS failed",
  ).get() as { recordings: number; done: number; failed: number };
}

/** Before a queued rerun of recordings that failed: their old outcome is no answer for the new run. */
export function clearFailedResults(db: Db, keys: string[]): void {
  const del = db.prepare("DELETE FROM batch_results WHERE state = 'failed' AND key = ?");
  db.transaction(() => {
    for (const k of keys) del.run(k);
  })();
}
