/**
 * The one job function of a corpus batch: import + analyse ONE recording into the project. The
 * embedded pool (batch-pool.ts) and the BullMQ worker (batch-redis.ts) both call it, so the
 * distributed path runs exactly the code the default path runs.
 *
 * Idempotent, so a retried or stalled-and-repicked job completes exactly once in the results:
 * - a key already done returns at once ('skipped');
 * - the content -> recording row commits in the import's own transaction, and its primary key
 *   (content hash) refuses a second import of the same bytes; a retry reuses the recording;
 * - features are cached per segment (a kill resumes), predictions are keyed (segment, version);
 * - a done result is never overwritten.
 */
import os from 'node:os';
import { AttuneError, CancelledError, toErrorPayload } from '../../shared/errors';
import type { ExecutionProvider } from '../../shared/types';
import { FeatureCache } from '../store/features';
import { featureRowsOf } from '../analysis/feature-matrix';
import { computeMissingFeatures } from '../analysis/features';
import { ensureActiveVersion, predictAndStore, versionDir } from '../analysis/models';
import { textEncoderVersion } from '../features/text';
import { loadPack } from '../models/pack';
import { batchResult, recordingForContent, writeBatchResult } from '../store/batch';
import { parseSpeakerMap } from '../formats/speaker-map';
import type { Db } from '../store/db';
import { listModelVersions } from '../store/model-versions';
import { listSegments } from '../store/segments';
import { getRecording } from '../store/recordings';
import { resolveMedia, type BatchItem } from './batch-source';
import { importRecording } from './ingest';

export interface BatchOutcome {
  key: string;
  media: string;
  state: 'done' | 'skipped' | 'failed' | 'cancelled';
  recordingId: string | null;
  segments: number | null;
  predicted: number | null;
  error: string | null;
  ms: number;
  worker: string | null;
}

export interface BatchJobOptions {
  ep?: ExecutionProvider;
  signal?: AbortSignal;
  /** This machine's mount of the shared media storage (default: the root the batch was made with). */
  mediaRoot?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
  onWarning?: (message: string) => void;
  /** Who ran it (host:pid), stored with the result. */
  worker?: string;
}

export const workerName = () => `${os.hostname()}:${process.pid}`;

/** The active version; a batch's items carry it so every worker scores with the same one. */
export function batchModelVersion(db: Db): string {
  return ensureActiveVersion(db).id;
}

function versionRow(db: Db, id: string) {
  const row = listModelVersions(db).find((v) => v.id === id);
  if (!row) throw new AttuneError('NOT_FOUND', `model version '${id}' (the batch's) is not in this project`);
  return { ...row, dir: versionDir(row) };
}

const isUniqueViolation = (err: unknown) => String((err as { code?: string }).code ?? '').startsWith('SQLITE_CONSTRAINT');

/** Throws on failure (the runner decides about retries, then calls recordFailure). */
export async function processRecording(db: Db, item: BatchItem, opts: BatchJobOptions = {}): Promise<BatchOutcome> {
  const t0 = Date.now();
  const worker = opts.worker ?? workerName();
  const media = resolveMedia(item.media, item.mediaRoot, opts.mediaRoot);
  const transcript = item.transcript ? resolveMedia(item.transcript, item.mediaRoot, opts.mediaRoot) : null;
  const done = batchResult(db, item.key);
  if (done?.state === 'done') {
    return { key: item.key, media, state: 'skipped', recordingId: done.recording_id, segments: done.segments, predicted: done.predicted, error: null, ms: Date.now() - t0, worker: done.worker };
  }
  const check = () => {
    if (opts.signal?.aborted) throw new CancelledError('batch cancelled');
  };
  check();
  let recordingId = recordingForContent(db, item.contentHash);
  if (!recordingId) {
    try {
      recordingId = (
        await importRecording(db, media, transcript, {
          signal: opts.signal,
          onProgress: opts.onProgress,
          contentKey: item.contentHash,
          speakerMap: item.speakerMap ? { map: parseSpeakerMap(item.speakerMap.text, item.speakerMap.at), at: item.speakerMap.at } : undefined,
        })
      ).recordingId;
    } catch (err) {
      // Another worker stored the same content first (a job re-picked while its first run lived on).
      recordingId = isUniqueViolation(err) ? recordingForContent(db, item.contentHash) : null;
      if (!recordingId) throw err;
    }
  }
  check();
  await computeMissingFeatures(db, { recordingId, ep: opts.ep, signal: opts.signal, onProgress: opts.onProgress, onWarning: opts.onWarning });
  check();
  opts.onProgress?.('predict', 0, 1);
  const version = versionRow(db, item.modelVersion);
  const segs = listSegments(db, recordingId);
  const rows = featureRowsOf(new FeatureCache(db), textEncoderVersion(await loadPack()), segs, getRecording(db, recordingId)?.language);
  const predicted = await predictAndStore(db, version, rows, opts.ep ?? 'auto');
  opts.onProgress?.('predict', 1, 1);
  writeBatchResult(db, { key: item.key, content_hash: item.contentHash, model_version: item.modelVersion, recording_id: recordingId, media_path: media, state: 'done', segments: segs.length, predicted, error: null, worker });
  const stored = batchResult(db, item.key)!;
  return { key: item.key, media, state: 'done', recordingId: stored.recording_id, segments: stored.segments, predicted: stored.predicted, error: null, ms: Date.now() - t0, worker: stored.worker };
}

/** Bad input is final at once; anything else is worth a retry (a busy disk, a lost lock). */
export const isFinalError = (err: unknown) => {
  const code = toErrorPayload(err).code;
  return code === 'BAD_INPUT' || code === 'NOT_FOUND' || code === 'USAGE' || code === 'NO_TOOL';
};

/** A recording that failed for good: the message `attune import` would print, stored and returned. */
export function recordFailure(db: Db, item: BatchItem, err: unknown, opts: Pick<BatchJobOptions, 'mediaRoot' | 'worker'> = {}, ms = 0): BatchOutcome {
  const media = resolveMedia(item.media, item.mediaRoot, opts.mediaRoot);
  const error = toErrorPayload(err).message;
  const worker = opts.worker ?? workerName();
  writeBatchResult(db, { key: item.key, content_hash: item.contentHash, model_version: item.modelVersion, recording_id: recordingForContent(db, item.contentHash), media_path: media, state: 'failed', segments: null, predicted: null, error, worker });
  return { key: item.key, media, state: 'failed', recordingId: null, segments: null, predicted: null, error, ms, worker };
}
