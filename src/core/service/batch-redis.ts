/**
 * The distributed path on BullMQ + Redis: `attune batch --redis URL` enqueues one job per
 * recording (jobId = content key, so adding it again while it waits or runs is a no-op) and waits
 * for the results in the project database; `attune worker --redis URL` runs processRecording, the
 * embedded pool's job function, on each. A worker killed mid-job loses its lock; another worker's
 * stalled-job check puts the job back and it completes once (processRecording is idempotent).
 *
 * Results live in the project database, not in Redis: a Redis restart loses queued work (a rerun
 * re-enqueues what is not done) but never a finished result. No flow parent: the database already
 * gathers every child's outcome, and a parent would wait forever on a child whose jobId an earlier
 * batch still holds (deduplicated children are not attached to the new parent).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { AttuneError } from '../../shared/errors';
import type { Db } from '../store/db';
import { batchResults } from '../store/batch';
import { isFinalError, processRecording, recordFailure, workerName, type BatchJobOptions, type BatchOutcome } from './batch-job';
import { resolveMedia, type BatchItem } from './batch-source';

/** Default queue: one per project folder, so workers of two projects never take each other's jobs. */
export function defaultQueueName(projectDir: string): string {
  let real = projectDir;
  try {
    real = fs.realpathSync(projectDir);
  } catch {}
  return `attune-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
}

/** BullMQ never closes a connection it was given: whoever opens one closes it (quit after the queue/worker). */
export const connect = (url: string) => new Redis(url, { maxRetriesPerRequest: null });

/** A Redis that cannot be reached is said so at once (a queue connection would retry forever). */
export async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new AttuneError('NOT_FOUND', `cannot reach Redis at ${url} (${(err as Error).message || String(err)}); start redis-server or give --redis redis://HOST:PORT`);
  } finally {
    probe.disconnect();
  }
}

export const JOB_ATTEMPTS = 3;

export interface EnqueueResult {
  enqueued: number;
  /** Already waiting or running in the queue (same content key): not added twice. */
  deduplicated: number;
}

export async function enqueueBatch(url: string, queueName: string, items: BatchItem[]): Promise<EnqueueResult> {
  await checkRedis(url);
  const conn = connect(url);
  const queue = new Queue(queueName, { connection: conn });
  try {
    let deduplicated = 0;
    const fresh: BatchItem[] = [];
    for (const item of items) {
      const old = await queue.getJob(item.key);
      if (old) {
        const state = await old.getState();
        // A finished job whose result the database does not hold as done (it failed, or the
        // database was restored): make room so this batch runs it again.
        if (state === 'completed' || state === 'failed') await old.remove();
        else {
          deduplicated++;
          continue;
        }
      }
      fresh.push(item);
    }
    await addJobs(queue, fresh);
    return { enqueued: fresh.length, deduplicated };
  } finally {
    await queue.close();
    conn.disconnect();
  }
}

/** Ctrl-C on a waiting batch: its jobs that no worker took yet leave the queue; running ones finish. */
export async function withdrawBatch(url: string, queueName: string, items: BatchItem[]): Promise<{ removed: number; running: number }> {
  const conn = connect(url);
  const queue = new Queue(queueName, { connection: conn });
  let removed = 0;
  let running = 0;
  try {
    for (const item of items) {
      const job = await queue.getJob(item.key);
      if (!job) continue;
      const state = await job.getState();
      if (state === 'active') running++;
      else if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        try {
          await job.remove();
          removed++;
        } catch {
          running++; // taken by a worker meanwhile
        }
      }
    }
  } finally {
    await queue.close();
    conn.disconnect();
  }
  return { removed, running };
}

/**
 * After a Redis restart (no persistence) the queued jobs are gone; the waiting batch puts back those
 * that have neither a result nor a job. A job that exists in any state is left alone.
 */
export async function requeueMissing(url: string, queueName: string, items: BatchItem[]): Promise<number> {
  const conn = connect(url);
  conn.on('error', () => {});
  const queue = new Queue(queueName, { connection: conn });
  try {
    const missing: BatchItem[] = [];
    for (const item of items) if (!(await queue.getJob(item.key))) missing.push(item);
    if (missing.length) await addJobs(queue, missing);
    return missing.length;
  } finally {
    await queue.close();
    conn.disconnect();
  }
}

const addJobs = (queue: Queue, items: BatchItem[]) =>
  queue.addBulk(
    items.map((item) => ({
      name: 'recording',
      data: item,
      opts: { jobId: item.key, attempts: JOB_ATTEMPTS, backoff: { type: 'exponential' as const, delay: 1000 }, removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } },
    })),
  );

/** Polls the project database (which every worker writes) until each item has a final result. */
export async function waitForResults(
  db: Db,
  items: BatchItem[],
  opts: { signal?: AbortSignal; pollMs?: number; onOutcome?: (o: BatchOutcome) => void; recheckMs?: number; recheck?: (pending: BatchItem[]) => Promise<void> } = {},
): Promise<Map<string, BatchOutcome>> {
  let lastCheck = Date.now();
  const got = new Map<string, BatchOutcome>();
  const keys = items.map((i) => i.key);
  const byKey = new Map(items.map((i) => [i.key, i] as const));
  while (got.size < items.length && !opts.signal?.aborted) {
    const rows = batchResults(db, keys.filter((k) => !got.has(k)));
    for (const [k, r] of rows) {
      const o: BatchOutcome = { key: k, media: r.media_path ?? resolveMedia(byKey.get(k)!.media, byKey.get(k)!.mediaRoot), state: r.state, recordingId: r.recording_id, segments: r.segments, predicted: r.predicted, error: r.error, ms: 0, worker: r.worker };
      got.set(k, o);
      opts.onOutcome?.(o);
    }
    if (opts.recheck && got.size < items.length && Date.now() - lastCheck > (opts.recheckMs ?? 5000)) {
      lastCheck = Date.now();
      await opts.recheck(items.filter((i) => !got.has(i.key))).catch(() => undefined);
      continue;
    }
    if (got.size < items.length) await new Promise((res) => setTimeout(res, opts.pollMs ?? 100));
  }
  return got;
}

export interface WorkerOptions extends BatchJobOptions {
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  onStart?: (job: Job<BatchItem>) => void;
  onOutcome?: (o: BatchOutcome) => void;
  onError?: (err: Error) => void;
}

export function startWorker(db: Db, url: string, queueName: string, opts: WorkerOptions = {}): { worker: Worker<BatchItem, BatchOutcome>; close(): Promise<void> } {
  const worker = workerName();
  const conn = connect(url);
  const w = new Worker<BatchItem, BatchOutcome>(
    queueName,
    async (job) => {
      opts.onStart?.(job);
      const t0 = Date.now();
      try {
        const o = await processRecording(db, job.data, { ...opts, worker });
        opts.onOutcome?.(o);
        return o;
      } catch (err) {
        const last = isFinalError(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (!last) throw err;
        const o = recordFailure(db, job.data, err, { mediaRoot: opts.mediaRoot, worker }, Date.now() - t0);
        opts.onOutcome?.(o);
        // Bad input does not get better on a retry.
        throw new UnrecoverableError(o.error ?? 'failed');
      }
    },
    {
      connection: conn,
      concurrency: opts.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
    },
  );
  w.on('error', (err) => opts.onError?.(err));
  return {
    worker: w,
    async close() {
      await w.close();
      conn.disconnect();
    },
  };
}
