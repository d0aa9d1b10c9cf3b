/**
 * A batch's plan, written to the project before any job runs: its items (batch_items: so work not
 * done yet shows as pending in `attune batch status` and the Library), and its refusals (an entry
 * that cannot be hashed or has a malformed speaker map) as failed results with their message.
 * Recordings from before every import stored a content key get one now, from their files where these
 * are still there, so the batch reuses them instead of importing the same media twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { addBatchItems, insertBatchRecording, removeBatchItems, unkeyedRecordings, writeBatchResult } from '../store/batch';
import type { Db } from '../store/db';
import { prepareItems, resolveMedia, type BatchItem, type SourceEntry } from './batch-source';
import { contentHash } from './content-key';
import { workerName } from './batch-job';

export interface BatchPlan {
  items: BatchItem[];
  rejected: { media: string; transcript: string | null; error: string; key: string }[];
  /** Recordings imported outside a batch that got their content key now. */
  keyed: number;
}

/** One key per refused media path: a rerun that can read it replaces the refusal. */
const rejectedKey = (media: string) => `rejected.${createHash('sha256').update(media).digest('hex').slice(0, 40)}`;

export async function planBatch(db: Db, entries: SourceEntry[], root: string, modelVersion: string): Promise<BatchPlan> {
  let keyed = 0;
  for (const r of unkeyedRecordings(db)) {
    if (!fs.existsSync(r.media_path) || (r.transcript_path && !fs.existsSync(r.transcript_path))) continue;
    try {
      // False for a second import of content another recording holds already: the batch reuses that one.
      if (insertBatchRecording(db, await contentHash(r.media_path, r.transcript_path), r.id, r.media_path, r.transcript_path, 'import')) keyed++;
    } catch {
      // An unreadable old file: that recording keeps no key, and the batch imports its media anew.
    }
  }
  const { items, rejected } = await prepareItems(entries, root, modelVersion);
  const abs = (p: string) => resolveMedia(p, root);
  removeBatchItems(db, items.map((i) => rejectedKey(abs(i.media))));
  addBatchItems(db, items.map((i) => ({ key: i.key, content_hash: i.contentHash, model_version: i.modelVersion, media_path: abs(i.media), transcript_path: i.transcript && abs(i.transcript), speaker_map: i.speakerMap?.text ?? null })));
  const refused = rejected.map((r) => ({ ...r, key: rejectedKey(r.media) }));
  addBatchItems(db, refused.map((r) => ({ key: r.key, content_hash: '', model_version: modelVersion, media_path: r.media, transcript_path: r.transcript, speaker_map: null })));
  for (const r of refused) writeBatchResult(db, { key: r.key, content_hash: '', model_version: modelVersion, recording_id: null, media_path: r.media, state: 'failed', segments: null, predicted: null, error: r.error, worker: workerName() });
  return { items, rejected: refused, keyed };
}
