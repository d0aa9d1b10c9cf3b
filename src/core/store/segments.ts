import type { Segment } from '../../shared/types';
import type { Db } from './db';
import { nowIso } from './db';

interface SegmentRow {
  id: string;
  recording_id: string;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  text: string;
}

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  recordingId: r.recording_id,
  startMs: r.start_ms,
  endMs: r.end_ms,
  speaker: r.speaker,
  text: r.text,
});

export function insertSegments(db: Db, segments: Segment[]): void {
  const stmt = db.prepare(
    'INSERT INTO segments (id, recording_id, start_ms, end_ms, speaker, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const at = nowIso();
  for (const s of segments) stmt.run(s.id, s.recordingId, s.startMs, s.endMs, s.speaker, s.text, at);
}

export function listSegments(db: Db, recordingId?: string): Segment[] {
  const rows = recordingId
    ? db.prepare('SELECT * FROM segments WHERE recording_id = ? ORDER BY start_ms, end_ms, id').all(recordingId)
    : db.prepare('SELECT s.* FROM segments s JOIN recordings r ON r.id = s.recording_id ORDER BY r.imported_at, r.id, s.start_ms, s.end_ms, s.id').all();
  return (rows as SegmentRow[]).map(toSegment);
}

export function getSegment(db: Db, id: string): Segment | null {
  const row = db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  return row ? toSegment(row) : null;
}

export function updateSegment(db: Db, s: Segment): void {
  db.prepare('UPDATE segments SET start_ms = ?, end_ms = ?, speaker = ?, text = ? WHERE id = ?').run(s.startMs, s.endMs, s.speaker, s.text, s.id);
}

export function deleteSegment(db: Db, id: string): void {
  db.prepare('DELETE FROM segments WHERE id = ?').run(id);
}

/** The segment that starts next after `seg` in the same recording. */
export function nextSegment(db: Db, seg: Segment): Segment | null {
  const row = db
    .prepare('SELECT * FROM segments WHERE recording_id = ? AND (start_ms > ? OR (start_ms = ? AND id > ?)) ORDER BY start_ms, id LIMIT 1')
    .get(seg.recordingId, seg.startMs, seg.startMs, seg.id) as SegmentRow | undefined;
  return row ? toSegment(row) : null;
}

export function countSegments(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
}
