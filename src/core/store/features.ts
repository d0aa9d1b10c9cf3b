/**
 * Feature rows keyed by (recording, segment bounds, modality, extractor version): what a segment's
 * window produced, independent of its id, so an unchanged project recomputes nothing and a changed
 * segment recomputes only itself. Text and voice keys include a hash of the segment text (the
 * embedding and the speaking rate depend on it).
 *
 * A row with no data records that the window has nothing of that modality to compute from (its
 * stream ended before the window did: a truncated file). `get` answers null for it, as for a
 * missing row, so every reader sees "no features"; `has` answers true, so it is not recomputed.
 */
import { createHash } from 'node:crypto';
import type { Segment } from '../../shared/types';
import type { Db } from './db';
import { nowIso } from './db';

export type Modality = 'text' | 'audio' | 'video';

export const textKey = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 10);

export interface CachedFeature {
  data: Float32Array;
  provider: string | null;
}

export class FeatureCache {
  private readonly getStmt;
  private readonly hasStmt;
  private readonly putStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare('SELECT data, provider FROM features WHERE recording_id = ? AND start_ms = ? AND end_ms = ? AND modality = ? AND extractor_version = ?');
    this.hasStmt = db.prepare('SELECT 1 FROM features WHERE recording_id = ? AND start_ms = ? AND end_ms = ? AND modality = ? AND extractor_version = ?');
    this.putStmt = db.prepare(
      'INSERT OR REPLACE INTO features (recording_id, start_ms, end_ms, modality, extractor_version, data, names_json, provider, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  get(seg: Segment, modality: Modality, version: string): CachedFeature | null {
    const row = this.getStmt.get(seg.recordingId, seg.startMs, seg.endMs, modality, version) as { data: Buffer; provider: string | null } | undefined;
    if (!row || row.data.byteLength === 0) return null;
    const copy = new Uint8Array(row.data.byteLength);
    copy.set(row.data);
    return { data: new Float32Array(copy.buffer), provider: row.provider };
  }

  /** Computed already: features, or the record that there is nothing to compute them from. */
  has(seg: Segment, modality: Modality, version: string): boolean {
    return this.hasStmt.get(seg.recordingId, seg.startMs, seg.endMs, modality, version) !== undefined;
  }

  put(seg: Segment, modality: Modality, version: string, data: Float32Array, provider: string | null): void {
    this.putStmt.run(seg.recordingId, seg.startMs, seg.endMs, modality, version, Buffer.from(data.buffer, data.byteOffset, data.byteLength), null, provider, nowIso());
  }

  /** The window has no media of this modality (see above): no features, and nothing to retry. */
  static readonly ABSENT = new Float32Array(0);

  /** Several rows in one transaction (one fsync), for throughput. */
  putMany(rows: { seg: Segment; modality: Modality; version: string; data: Float32Array; provider: string | null }[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.put(r.seg, r.modality, r.version, r.data, r.provider);
    })();
  }
}

/** Whether the project was ever analysed (any feature row at all). */
export function hasAnyFeatures(db: Db): boolean {
  return db.prepare('SELECT 1 FROM features LIMIT 1').get() !== undefined;
}

/** Drops a window's cached text features (its words changed; the cache is keyed by bounds). */
export function deleteTextFeatures(db: Db, seg: Pick<Segment, 'recordingId' | 'startMs' | 'endMs'>): void {
  db.prepare("DELETE FROM features WHERE recording_id = ? AND start_ms = ? AND end_ms = ? AND modality = 'text'").run(seg.recordingId, seg.startMs, seg.endMs);
}
