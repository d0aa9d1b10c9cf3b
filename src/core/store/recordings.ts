import type { Recording } from '../../shared/types';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/text/language';
import type { Db } from './db';

interface RecordingRow {
  id: string;
  name: string;
  media_path: string;
  transcript_path: string | null;
  duration_ms: number;
  start_offset_ms: number;
  has_video: number;
  has_audio: number;
  width: number | null;
  height: number | null;
  probe_json: string;
  imported_at: string;
  language: Language;
}

/** A recording to insert; without a language it is English (import always sets one). */
export type NewRecording = Omit<Recording, 'language'> & { language?: Language };

const toRecording = (r: RecordingRow): Recording => ({
  id: r.id,
  name: r.name,
  mediaPath: r.media_path,
  transcriptPath: r.transcript_path,
  durationMs: r.duration_ms,
  startOffsetMs: r.start_offset_ms,
  hasVideo: r.has_video === 1,
  hasAudio: r.has_audio === 1,
  width: r.width,
  height: r.height,
  importedAt: r.imported_at,
  language: r.language,
});

export function insertRecording(db: Db, rec: NewRecording, probe: unknown): void {
  db.prepare(
    `INSERT INTO recordings (id, name, media_path, transcript_path, duration_ms, start_offset_ms, has_video, has_audio, width, height, probe_json, imported_at, language)
     VALUES (@id, @name, @mediaPath, @transcriptPath, @durationMs, @startOffsetMs, @hasVideo, @hasAudio, @width, @height, @probe, @importedAt, @language)`,
  ).run({ ...rec, hasVideo: rec.hasVideo ? 1 : 0, hasAudio: rec.hasAudio ? 1 : 0, probe: JSON.stringify(probe), language: rec.language ?? DEFAULT_LANGUAGE });
}

export function listRecordings(db: Db): Recording[] {
  return (db.prepare('SELECT * FROM recordings ORDER BY imported_at, id').all() as RecordingRow[]).map(toRecording);
}

export function getRecording(db: Db, id: string): Recording | null {
  const row = db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
  return row ? toRecording(row) : null;
}

export function getProbe<T>(db: Db, id: string): T | null {
  const row = db.prepare('SELECT probe_json FROM recordings WHERE id = ?').get(id) as { probe_json: string } | undefined;
  return row ? (JSON.parse(row.probe_json) as T) : null;
}

export function renameRecording(db: Db, id: string, name: string): void {
  db.prepare('UPDATE recordings SET name = ? WHERE id = ?').run(name, id);
}

/**
 * Removes a recording from the project: its row, and with it (foreign keys) its segments, cached
 * features, waveform and batch entries; its segments' predictions in the same transaction. The
 * label events stay in the append-only history; the media and transcript files are not touched.
 * Returns how many segments went.
 */
export function deleteRecording(db: Db, id: string): number {
  return db.transaction(() => {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM segments WHERE recording_id = ?').get(id) as { n: number }).n;
    db.prepare('DELETE FROM predictions WHERE segment_id IN (SELECT id FROM segments WHERE recording_id = ?)').run(id);
    db.prepare('DELETE FROM recordings WHERE id = ?').run(id);
    return n;
  })();
}
