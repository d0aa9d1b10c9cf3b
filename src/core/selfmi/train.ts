/**
 * train(): Self-MI tuning in a worker thread with progress and cancellation.
 *
 * In development the worker is a .ts file, which Node cannot load by itself: a worker does not
 * inherit the tsx hooks that bin/run-ts.mjs registers (`execArgv: ['--import', 'tsx']` fails on
 * Node 20 with ERR_UNKNOWN_FILE_EXTENSION), so a tiny ESM bootstrap registers tsx inside the worker
 * first. A built .js entry is started directly.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { AttuneError, CancelledError, InputError, type ErrorPayload } from '../../shared/errors';
import { makeConfig, type DeepPartial, type SelfMiConfig } from './config';
// trainer (and TF.js with it) loads only when training runs on this thread: not at every CLI start.
import type { TrainOptions, TrainResult } from './trainer';
import type { SelfMiModel, TrainingData, TrainProgress } from './types';

export interface TrainCallOptions {
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Warm start from this model (tuning starts from the active version). */
  init?: SelfMiModel;
  featureNames?: SelfMiModel['featureNames'];
  /** Run on the calling thread (tests, scripts that have nothing else to do). */
  inProcess?: boolean;
}

export interface WorkerInput {
  data: TrainingData;
  config: SelfMiConfig;
  init?: SelfMiModel;
  featureNames?: SelfMiModel['featureNames'];
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; result: TrainResult }
  | { type: 'error'; error: ErrorPayload };

export async function train(data: TrainingData, config: SelfMiConfig | DeepPartial<SelfMiConfig> = {}, opts: TrainCallOptions = {}): Promise<TrainResult> {
  const cfg = makeConfig(config as DeepPartial<SelfMiConfig>);
  if (opts.signal?.aborted) throw new CancelledError('training cancelled');
  if (opts.inProcess) {
    const o: TrainOptions = { init: opts.init, featureNames: opts.featureNames, onProgress: opts.onProgress, isCancelled: () => opts.signal?.aborted === true };
    const { trainInProcess } = await import('./trainer');
    return trainInProcess(data, cfg, o);
  }
  if (!workerEntryExists()) {
    // A bundle that did not emit the worker entry: still train, on this thread, and say so once.
    process.stderr.write('attune: Self-MI worker entry not found beside the bundle; training on the calling thread\n');
    return train(data, cfg, { ...opts, inProcess: true });
  }
  const cancelFlag = new SharedArrayBuffer(4);
  const input: WorkerInput = { data, config: cfg, init: opts.init, featureNames: opts.featureNames, cancelFlag };
  const worker = startWorker(input);
  return new Promise<TrainResult>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | null = null;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      void worker.terminate();
      f();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      // A step takes tens of ms; if the worker is stuck elsewhere, stop it anyway.
      killTimer = setTimeout(() => finish(() => reject(new CancelledError('training cancelled'))), 3000);
    };
    opts.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        // A throwing callback fails this call (as in process) instead of escaping as an uncaught exception.
        try {
          opts.onProgress?.(m.progress);
        } catch (err) {
          finish(() => reject(err));
        }
      } else if (m.type === 'done') finish(() => resolve(m.result));
      else finish(() => reject(fromPayload(m.error)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new AttuneError('INTERNAL', `training worker exited with code ${code}`))));
  });
}

/**
 * Bundled builds: out/cli has train-worker.mjs beside the CLI, and this module may sit in one of
 * its chunks (out/cli/chunks/), one folder down; out/main has train-worker.js.
 */
export const BUILT_WORKERS = ['./train-worker.mjs', '../train-worker.mjs', './train-worker.js'];

function workerEntryExists(): boolean {
  return [...BUILT_WORKERS, './train-worker.ts'].some((f) => {
    const u = new URL(f, import.meta.url);
    return u.protocol === 'file:' && existsSync(fileURLToPath(u));
  });
}

function startWorker(input: WorkerInput): Worker {
  for (const built of BUILT_WORKERS) {
    const js = new URL(built, import.meta.url);
    if (js.protocol === 'file:' && existsSync(fileURLToPath(js))) return new Worker(js, { workerData: input });
  }
  const entry = new URL('./train-worker.ts', import.meta.url).href;
  const req = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(req.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: input });
}

function fromPayload(e: ErrorPayload): Error {
  if (e.code === 'CANCELLED') return new CancelledError(e.message);
  if (e.code === 'BAD_INPUT' && e.file) return new InputError(e.file, e.message.replace(`${e.file}${e.line !== undefined ? `:${e.line}` : ''}: `, ''), e.line);
  return new AttuneError(e.code, e.message, { file: e.file, line: e.line });
}
