/**
 * The segment_merges table and the raw rows a merge stashes there, so that undoing it puts back
 * exactly the rows it replaced (service/segment-edits.ts: mergeWithNext, unmergeSegments).
 */
import type { Db } from './db';
import { nowIso } from './db';

/** A stored row as SQLite has it (column -> value), copied verbatim into a merge's stash. */
export type RawRow = Record<string, unknown>;

export function rawSegmentRow(db: Db, id: string): RawRow {
  return db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as RawRow;
}

export function rawPredictionRows(db: Db, segmentIds: string[]): RawRow[] {
  return db.prepare(`SELECT * FROM predictions WHERE segment_id IN (${segmentIds.map(() => '?').join(',')})`).all(...segmentIds) as RawRow[];
}

/** Puts a stashed segment row back: the surviving one's bounds, speaker and text, or the swallowed one whole. */
export function restoreSegmentFields(db: Db, id: string, row: RawRow): void {
  db.prepare('UPDATE segments SET start_ms = ?, end_ms = ?, speaker = ?, text = ? WHERE id = ?').run(row.start_ms, row.end_ms, row.speaker, row.text, id);
}

export function restoreRows(db: Db, table: 'segments' | 'predictions', rows: RawRow[]): void {
  for (const r of rows) {
    const cols = Object.keys(r);
    db.prepare(`INSERT ${table === 'predictions' ? 'OR REPLACE ' : ''}INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => r[c]));
  }
}

export function insertMerge(db: Db, segmentId: string, swallowedId: string, beforeJson: string, mergedJson: string): void {
  db.prepare('INSERT INTO segment_merges (segment_id, swallowed_id, before_json, merged_json, at) VALUES (?, ?, ?, ?, ?)').run(segmentId, swallowedId, beforeJson, mergedJson, nowIso());
}

/** The latest merge of `segmentId` with `swallowedId`, if any. */
export function latestMerge(db: Db, segmentId: string, swallowedId: string): { seq: number; before_json: string; merged_json: string } | undefined {
  return db.prepare('SELECT * FROM segment_merges WHERE segment_id = ? AND swallowed_id = ? ORDER BY seq DESC LIMIT 1').get(segmentId, swallowedId) as
    | { seq: number; before_json: string; merged_json: string }
    | undefined;
}

export function deleteMerge(db: Db, seq: number): void {
  db.prepare('DELETE FROM segment_merges WHERE seq = ?').run(seq);
}
