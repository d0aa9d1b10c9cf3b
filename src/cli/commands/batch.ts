import type { Command } from 'commander';
import path from 'node:path';
import { AttuneError } from '../../shared/errors';
import type { BatchOutcome } from '../../core/service/batch-job';
import { printJson, projectDir, withService, type GlobalOptions } from '../context';
import { abortOnSigint } from '../signals';

interface BatchOpts extends GlobalOptions {
  concurrency?: string;
  redis?: string;
  queue?: string;
  mediaRoot?: string;
  wait?: boolean;
}

interface WorkerOpts extends GlobalOptions {
  concurrency?: string;
  redis: string;
  queue?: string;
  mediaRoot?: string;
  lockDuration?: string;
  stalledInterval?: string;
}

const positiveInt = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new AttuneError('USAGE', `${what} must be a positive integer, got '${v}'`);
  return Number(v);
};

const SPEAKER_MAP_HELP = `
A manifest's third column names the people behind the transcript's speaker labels, inline:
  LABEL=NAME;LABEL=NAME      e.g.  A=Ada;B=Ben   or   SPEAKER_00=Ada Lovelace;SPEAKER_01=Ben
Labels not in the map keep their label; a label the transcript does not use, a malformed entry or
a map without a transcript fails that recording with the manifest's file and line (the rest go on).
A different map is a different import (the map is part of the content key). Quote the cell
("A=Ada, PhD;B=Ben") when a name holds a comma.
Example manifest.csv:
  media,transcript,speakers
  meetings/m1.mp4,meetings/m1.vtt,A=Ada;B=Ben
  meetings/m2.mp4,meetings/m2.vtt,
`;

export function registerBatchCommands(program: Command): void {
  const batch = program
    .command('batch')
    .description('import + analyse every recording of a folder (transcripts beside the media by basename) or a manifest CSV (media,transcript[,speaker map]); a rerun skips what is done. `attune batch status`: the corpus so far')
    .argument('<source>', 'folder or manifest .csv (a folder named "status": write ./status)')
    .addHelpText('after', SPEAKER_MAP_HELP)
    .option('--concurrency <n>', 'recordings at a time in this process (default: one per core, at most 4)')
    .option('--redis <url>', 'enqueue on BullMQ at this Redis (redis://host:port) for `attune worker` processes instead of running here')
    .option('--queue <name>', 'BullMQ queue name (default: one per project folder)')
    .option('--media-root <dir>', 'media paths travel relative to this folder (default: the source folder, or the manifest\'s)')
    .option('--no-wait', 'with --redis: enqueue and return without waiting for the workers')
    .action(async (source: string, opts: BatchOpts) => {
      const concurrency = positiveInt(opts.concurrency, '--concurrency');
      const { readSource } = await import('../../core/service/batch-source');
      const { planBatch } = await import('../../core/service/batch-plan');
      const { batchModelVersion } = await import('../../core/service/batch-job');
      const { entries, root: sourceRoot } = readSource(source);
      const root = opts.mediaRoot ? path.resolve(opts.mediaRoot) : sourceRoot;
      if (opts.redis) await (await import('../../core/service/batch-redis')).checkRedis(opts.redis);
      const summary = await withService(opts, async (svc) => {
        const modelVersion = batchModelVersion(svc.db);
        process.stderr.write(`batch: ${entries.length} recording${entries.length === 1 ? '' : 's'} in ${source} (model ${modelVersion}); hashing…\n`);
        const { items, rejected, keyed } = await planBatch(svc.db, entries, root, modelVersion);
        if (keyed) process.stderr.write(`batch: ${keyed} recording${keyed === 1 ? '' : 's'} imported earlier got a content key (a batch of the same files reuses them)\n`);
        const total = items.length + rejected.length;
        const outcomes: BatchOutcome[] = rejected.map((u) => ({ key: u.key, media: u.media, state: 'failed', recordingId: null, segments: null, predicted: null, error: u.error, ms: 0, worker: null }));
        let finished = outcomes.length;
        const t0 = Date.now();
        const report = (o: BatchOutcome) => {
          finished++;
          const failed = outcomes.filter((x) => x.state === 'failed').length + (o.state === 'failed' ? 1 : 0);
          const what = o.state === 'failed' ? `FAILED: ${o.error}` : o.state === 'skipped' ? 'already done' : `${o.state}: ${o.segments} segments, ${o.predicted} predicted`;
          const elapsed = (Date.now() - t0) / 1000;
          const eta = finished < total && finished > 0 ? ` ETA ${Math.ceil((elapsed / finished) * (total - finished))}s` : '';
          process.stderr.write(`batch: ${finished}/${total} (${Math.round((100 * finished) / Math.max(1, total))}%, ${failed} failed)${eta} ${path.basename(o.media)} ${what}\n`);
        };
        for (const u of outcomes) process.stderr.write(`batch: ${path.basename(u.media)} FAILED: ${u.error}\n`);
        const sig = abortOnSigint();
        try {
          if (!opts.redis) {
            const { runEmbeddedBatch, defaultConcurrency } = await import('../../core/service/batch-pool');
            const n = concurrency ?? defaultConcurrency();
            process.stderr.write(`batch: ${items.length} to run in this process, ${n} at a time\n`);
            const res = await runEmbeddedBatch(svc.db, items, {
              concurrency: n,
              ep: svc.ep,
              signal: sig.signal,
              onOutcome: (o) => {
                report(o);
                outcomes.push(o);
              },
              onWarning: (m) => process.stderr.write(`attune: ${m}\n`),
            });
            for (const o of res) if (o.state === 'cancelled') outcomes.push(o);
          } else {
            const { defaultQueueName, enqueueBatch, requeueMissing, waitForResults, withdrawBatch } = await import('../../core/service/batch-redis');
            const { batchResults, clearFailedResults } = await import('../../core/store/batch');
            const queue = opts.queue ?? defaultQueueName(svc.dir);
            // What a rerun has done already is not enqueued at all.
            const done = batchResults(svc.db, items.map((i) => i.key));
            const todo = items.filter((i) => done.get(i.key)?.state !== 'done');
            for (const i of items) if (done.get(i.key)?.state === 'done') {
              const r = done.get(i.key)!;
              const o: BatchOutcome = { key: i.key, media: r.media_path, state: 'skipped', recordingId: r.recording_id, segments: r.segments, predicted: r.predicted, error: null, ms: 0, worker: r.worker };
              report(o);
              outcomes.push(o);
            }
            const enq = await enqueueBatch(opts.redis, queue, todo);
            process.stderr.write(`batch: enqueued ${enq.enqueued} on queue ${queue}${enq.deduplicated ? ` (${enq.deduplicated} already queued)` : ''}; workers: attune worker --redis ${opts.redis} --project ${svc.dir}${opts.queue ? ` --queue ${queue}` : ''}\n`);
            if (opts.wait === false) return { queue, enqueued: enq.enqueued, deduplicated: enq.deduplicated, outcomes };
            // A final result from an earlier run of a job that failed is no answer for this one.
            const earlierFailed = new Set(todo.filter((i) => done.get(i.key)?.state === 'failed').map((i) => i.key));
            clearFailedResults(svc.db, [...earlierFailed]);
            const redisUrl = opts.redis;
            const recheck = async (pending: typeof todo) => {
              const n = await requeueMissing(redisUrl, queue, pending);
              if (n) process.stderr.write(`batch: ${n} job${n === 1 ? '' : 's'} missing from the queue (Redis restarted?): enqueued again\n`);
            };
            const recheckMs = Number(process.env.ATTUNE_BATCH_RECHECK_MS) || 5000;
            const got = await waitForResults(svc.db, todo, { signal: sig.signal, recheck, recheckMs, onOutcome: (o) => {
              report(o);
              outcomes.push(o);
            } });
            if (sig.signal.aborted) {
              const w = await withdrawBatch(opts.redis, queue, todo.filter((i) => !got.has(i.key)));
              process.stderr.write(`batch: cancelled: ${w.removed} jobs taken off the queue, ${w.running} running ones will finish (a rerun skips them)\n`);
              for (const i of todo) if (!got.has(i.key)) outcomes.push({ key: i.key, media: i.media, state: 'cancelled', recordingId: null, segments: null, predicted: null, error: null, ms: 0, worker: null });
            }
          }
        } finally {
          sig.dispose();
        }
        return { outcomes, seconds: (Date.now() - t0) / 1000 };
      }, { create: true });
      const outs = summary.outcomes;
      const count = (s: BatchOutcome['state']) => outs.filter((o) => o.state === s).length;
      const counts = { total: outs.length, done: count('done'), skipped: count('skipped'), failed: count('failed'), cancelled: count('cancelled') };
      if (opts.json) printJson({ project: projectDir(opts), ...counts, ...('seconds' in summary ? { seconds: summary.seconds } : {}), recordings: outs.map((o) => ({ media: o.media, key: o.key, state: o.state, recordingId: o.recordingId, segments: o.segments, predicted: o.predicted, error: o.error, worker: o.worker })) });
      else {
        process.stdout.write(`batch: ${counts.done} analysed, ${counts.skipped} already done, ${counts.failed} failed${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}\n`);
        for (const o of outs) if (o.state === 'failed') process.stdout.write(`failed: ${o.error}\n`);
      }
      if (counts.cancelled) throw new AttuneError('CANCELLED', `batch cancelled (${counts.cancelled} not run; a rerun continues)`);
      if (counts.failed) throw new AttuneError('BAD_INPUT', `${counts.failed} of ${counts.total} recordings failed (see above)`);
    });

  batch
    .command('status')
    .option('--project <dir>', 'project folder')
    .option('--json', 'print one JSON document on stdout')
    .description('the project as a corpus: every recording a batch was asked for (done, failed with its error, pending) and those imported outside a batch, with the model versions they were analysed with')
    .action(async (_opts: GlobalOptions, cmd: Command) => {
      // The project and --json may come before `status` (batch's) or after it (status's own).
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const { corpusStatus } = await import('../../core/service/corpus');
      const st = await withService(opts, async (svc) => corpusStatus(svc.db));
      if (opts.json) return printJson({ project: projectDir(opts), ...st });
      const c = st.counts;
      process.stdout.write(`${c.recordings} recording${c.recordings === 1 ? '' : 's'} in the project; batch items: ${c.done} done, ${c.failed} failed, ${c.pending} pending; ${c.outside} imported outside a batch (active model ${st.activeModel ?? 'none yet'})\n`);
      for (const e of st.entries) {
        const what = e.state === 'outside' ? 'imported outside a batch' : e.state;
        const model = e.state === 'outside' ? (e.analysedWith.length ? `analysed with ${e.analysedWith.join(', ')}` : 'not analysed') : `model ${e.modelVersion}`;
        const reused = e.state !== 'outside' && e.origin === 'import' ? ' (imported earlier with attune import)' : '';
        const removed = e.state === 'done' && !e.recordingId ? ' (its recording was removed from the project since; a rerun skips it)' : '';
        process.stdout.write(`${what}\t${e.name}\t${model}${reused}${removed}${e.error ? `\t${e.error}` : ''}\n`);
      }
    });

  program
    .command('worker')
    .description('process `attune batch --redis` jobs of a project until stopped (Ctrl-C: finish the running jobs, then exit)')
    .requiredOption('--redis <url>', 'Redis of the queue (redis://host:port)')
    .option('--concurrency <n>', 'jobs at a time in this process (default 1)')
    .option('--queue <name>', 'BullMQ queue name (default: the project folder\'s)')
    .option('--media-root <dir>', 'where this machine mounts the batch\'s media root')
    .option('--lock-duration <ms>', 'BullMQ job lock (a killed worker\'s job is taken over after it; default 30000)')
    .option('--stalled-interval <ms>', 'how often stalled jobs are looked for (default 30000)')
    .action(async (opts: WorkerOpts) => {
      const concurrency = positiveInt(opts.concurrency, '--concurrency') ?? 1;
      const lockDurationMs = positiveInt(opts.lockDuration, '--lock-duration');
      const stalledIntervalMs = positiveInt(opts.stalledInterval, '--stalled-interval');
      const { checkRedis, defaultQueueName, startWorker } = await import('../../core/service/batch-redis');
      await checkRedis(opts.redis);
      await withService(opts, async (svc) => {
        const queue = opts.queue ?? defaultQueueName(svc.dir);
        const sig = abortOnSigint();
        const { worker: w, close } = startWorker(svc.db, opts.redis, queue, {
          concurrency,
          lockDurationMs,
          stalledIntervalMs,
          ep: svc.ep,
          mediaRoot: opts.mediaRoot ? path.resolve(opts.mediaRoot) : undefined,
          onStart: (job) => process.stderr.write(`worker: start ${job.id} ${job.data.media} (attempt ${job.attemptsMade + 1})\n`),
          onOutcome: (o) => process.stderr.write(`worker: ${o.state} ${o.key} ${path.basename(o.media)}${o.error ? `: ${o.error}` : ''} ${o.ms} ms\n`),
          onError: (err) => process.stderr.write(`worker: ${err.message}\n`),
          onWarning: (m) => process.stderr.write(`attune: ${m}\n`),
        });
        await w.waitUntilReady();
        process.stderr.write(`worker: ${process.pid} on queue ${queue} at ${opts.redis}, ${concurrency} at a time\n`);
        await new Promise<void>((resolve) => sig.signal.addEventListener('abort', () => resolve(), { once: true }));
        await close();
        sig.dispose();
        process.stderr.write('worker: stopped\n');
      });
    });
}
