/**
 * Worker-thread entry for training: keeps tf.js's synchronous number crunching off the caller's
 * event loop. Cancellation arrives through a shared flag checked between steps, so it works even
 * while this thread never yields.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../shared/errors';
import { trainInProcess } from './trainer';
import type { WorkerInput, WorkerMessage } from './train';

const input = workerData as WorkerInput;
const flag = new Int32Array(input.cancelFlag);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

trainInProcess(input.data, input.config, {
  init: input.init,
  featureNames: input.featureNames,
  isCancelled: () => Atomics.load(flag, 0) === 1,
  onProgress: (p) => post({ type: 'progress', progress: p }),
})
  .then((result) => post({ type: 'done', result }))
  .catch((err) => post({ type: 'error', error: toErrorPayload(err) }));
