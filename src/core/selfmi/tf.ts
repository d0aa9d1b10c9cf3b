/**
 * TensorFlow.js setup for training. The WASM backend is about 2x faster than the pure-JS CPU
 * backend on our Self-MI step (NOTES-stack.md), but in Node it needs to be told where its .wasm
 * files are; if it cannot start we fall back to CPU and say so, rather than failing the tune.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

export type TfBackend = 'wasm' | 'cpu';

let ready: Promise<TfBackend> | null = null;

export function initTf(prefer: TfBackend = 'wasm'): Promise<TfBackend> {
  if (!ready) ready = start(prefer);
  return ready;
}

async function start(prefer: TfBackend): Promise<TfBackend> {
  if (prefer === 'wasm') {
    try {
      const req = createRequire(import.meta.url);
      const dist = path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
      setWasmPaths(dist);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      // setBackend reports a failed initialisation by returning false, not by throwing.
      process.stderr.write('attune: TensorFlow.js WASM backend did not initialise; training on the CPU backend\n');
    } catch (err) {
      process.stderr.write(`attune: TensorFlow.js WASM backend unavailable (${String(err).split('\n')[0]}); training on the CPU backend\n`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

export { tf };
