/**
 * Checks a converted graph against its TensorFlow.js original: runs both on the same deterministic input
 * (the tfjs model on tfjs's pure-JS CPU backend, the ONNX file in onnxruntime-node) and prints the largest
 * absolute difference per output. Exits non-zero past the tolerance. build-pack.sh runs it on BlazeFace.
 *
 *   node bin/run-ts.mjs scripts/models/compare-tfjs.ts MODEL.json MODEL.onnx [--lo -1 --hi 1 --tol 1e-3]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';

interface GraphModelJson {
  modelTopology: tf.io.ModelArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const [jsonPath, onnxPath] = process.argv.slice(2);
  if (!jsonPath || !onnxPath) throw new Error('usage: compare-tfjs.ts MODEL.json MODEL.onnx [--lo L --hi H --tol T]');
  const lo = option('--lo', -1);
  const hi = option('--hi', 1);
  const tol = option('--tol', 1e-3);
  await tf.setBackend('cpu');

  const d = JSON.parse(readFileSync(jsonPath, 'utf8')) as GraphModelJson;
  const shards = d.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(path.dirname(jsonPath), p))));
  const all = Buffer.concat(shards);
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: d.modelTopology,
      weightSpecs: d.weightsManifest.flatMap((g) => g.weights),
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      format: d.format,
    }),
  );

  const session = await ort.InferenceSession.create(onnxPath, { intraOpNumThreads: 1 });
  const inputName = session.inputNames[0];
  const meta = session.inputMetadata[0];
  const shape = (meta.isTensor ? meta.shape : []).map((v) => (typeof v === 'number' && v > 0 ? v : 1));
  const n = shape.reduce((a, b) => a * b, 1);
  let s = 12345;
  const data = Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });

  const names = [...session.outputNames];
  const tfOut = model.execute(tf.tensor(data, shape), names) as tf.Tensor[];
  const ortOut = await session.run({ [inputName]: new ort.Tensor('float32', data, shape) });
  let worst = 0;
  names.forEach((name, i) => {
    const a = ortOut[name].data as Float32Array;
    const b = tfOut[i].dataSync();
    if (a.length !== b.length) throw new Error(`${name}: ONNX gives ${a.length} values, tfjs ${b.length}`);
    let m = 0;
    for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
    worst = Math.max(worst, m);
    console.log(`${path.basename(onnxPath)} ${name} [${ortOut[name].dims.join(',')}]: max |onnx - tfjs| = ${m.toExponential(2)}`);
  });
  if (worst > tol) {
    console.error(`difference ${worst} exceeds tolerance ${tol}`);
    process.exitCode = 1;
  }
}

await main();
