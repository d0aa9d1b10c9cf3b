/**
 * The embedded default: the batch's items through processRecording in this process, a few at a
 * time. Decoding runs in ffmpeg child processes and inference on ONNX Runtime's threads, so a pool
 * of a few overlaps them; better-sqlite3 is synchronous, so one connection serves them all.
 */
import os from 'node:os';
import { CancelledError } from '../../shared/errors';
import type { Db } from '../store/db';
import { isFinalError, processRecording, recordFailure, type BatchJobOptions, type BatchOutcome } from './batch-job';
import type { BatchItem } from './batch-source';

/** One per core, at least 1, at most 4 (past that the cores, not the overlap, are the limit). */
export const defaultConcurrency = () => Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

export interface PoolOptions extends BatchJobOptions {
  concurrency?: number;
  /** Tries per recording for errors that are not bad input (same policy as the queue's `attempts`). */
  attempts?: number;
  onOutcome?: (o: BatchOutcome) => void;
}

export async function runEmbeddedBatch(db: Db, items: BatchItem[], opts: PoolOptions = {}): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = new Array(items.length);
  let next = 0;
  const attempts = Math.max(1, opts.attempts ?? 2);
  const one = async (item: BatchItem): Promise<BatchOutcome> => {
    const t0 = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await processRecording(db, item, opts);
      } catch (err) {
        if (opts.signal?.aborted || err instanceof CancelledError) return { key: item.key, media: item.media, state: 'cancelled', recordingId: null, segments: null, predicted: null, error: null, ms: Date.now() - t0, worker: null };
        if (isFinalError(err) || attempt >= attempts) return recordFailure(db, item, err, opts, Date.now() - t0);
      }
    }
  };
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      if (opts.signal?.aborted) {
        outcomes[i] = { key: items[i].key, media: items[i].media, state: 'cancelled', recordingId: null, segments: null, predicted: null, error: null, ms: 0, worker: null };
        continue;
      }
      outcomes[i] = await one(items[i]);
      if (outcomes[i].state !== 'cancelled') opts.onOutcome?.(outcomes[i]);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? defaultConcurrency(), items.length || 1));
  await Promise.all(Array.from({ length: n }, lane));
  return outcomes;
}
