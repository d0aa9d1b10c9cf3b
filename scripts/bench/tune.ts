/**
 * npm run bench:tune — Self-MI tuning cost at the size an analyst meets: 50 labelled + 5,000
 * unlabelled segments with real feature sizes (384 text / 47 voice / 30 face; synthetic but
 * structured), 30 epochs, through the real worker-thread train(). Prints wall time, epochs/s, peak
 * RSS; then ONNX Runtime inference time for one hour of segments with the exported model.
 * Goal (issue 4): <= 30 s on 2 cores. Flags: --epochs N, --labelled N, --unlabelled N, --in-process.
 * --plan: the training a Tune press runs instead (warm start from the shipped default with the
 * product's plan for that many labels, tune-plan.ts), and how many such trainings the press makes.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { train } from '../../src/core/selfmi/train';
import { syntheticSegments } from '../../src/core/selfmi/synthetic';
import { exportModel } from '../../src/core/selfmi/export-onnx';
import { loadModel } from '../../src/core/selfmi/load';
import { AUDIO_FEATURE_NAMES } from '../../src/core/features/audio';
import { VIDEO_FEATURE_NAMES } from '../../src/core/features/face';
import { planFor } from '../../src/core/analysis/tune-plan';
import { tuneFolds, tuneTrainings } from '../../src/core/analysis/tune';
import { TUNE_DEFAULTS } from '../../src/shared/tune-defaults';
import type { DeepPartial, SelfMiConfig } from '../../src/core/selfmi/config';
import type { SelfMiModel } from '../../src/core/selfmi/types';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const epochs = arg('epochs', 30);
const labelled = arg('labelled', 50);
const unlabelled = arg('unlabelled', 5000);
// The product's real feature sizes: 384-d MiniLM, the voice and face feature lists.
const dims = { text: 384, audio: AUDIO_FEATURE_NAMES.length, video: VIDEO_FEATURE_NAMES.length };

const asTune = process.argv.includes('--plan');
const segments = syntheticSegments({ labelled, unlabelled, dims, seed: 11 });
let init: SelfMiModel | undefined;
let config: DeepPartial<SelfMiConfig> = { maxEpochs: epochs, dims };
let what = `from scratch, every parameter, ${epochs} epochs`;
if (asTune) {
  init = (await loadModel(path.resolve('models/default/selfmi'), 'cpu')).toSelfMiModel();
  const plan = planFor(labelled, TUNE_DEFAULTS);
  config = { ...init.config, ...plan.overrides };
  what = `a Tune press's training: warm start from models/default/selfmi, plan '${plan.regime}' (${plan.why}), ${config.maxEpochs ?? init.config.maxEpochs} epochs`;
}
console.log(`bench:tune  ${labelled} labelled + ${unlabelled} unlabelled, dims ${dims.text}/${dims.audio}/${dims.video}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'})`);
console.log(`            ${what}`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let last = '';
const result = await train({ segments, source: 'bench' }, config, {
  init,
  inProcess: process.argv.includes('--in-process'),
  onProgress: (p) => {
    last = `epoch ${p.epoch}/${p.maxEpochs}  loss ${p.loss.total.toFixed(3)} (task ${p.loss.task.toFixed(3)}, cpc ${p.loss.cpc.toFixed(3)})  eta ${(p.etaMs / 1000).toFixed(1)} s`;
    if (p.epoch % 5 === 0 || p.epoch === 1) console.log('  ' + last);
  },
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const steps = result.history.reduce((n, h) => n + h.steps, 0);
console.log(`backend            ${result.backend}`);
console.log(`wall time          ${wall.toFixed(1)} s   (goal <= 30 s)`);
console.log(`epochs/s           ${(result.history.length / wall).toFixed(2)}   steps ${steps}, ${((wall * 1000) / steps).toFixed(1)} ms/step`);
console.log(`cpu time           ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all threads)`);
console.log(`peak RSS           ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process incl. the training worker, before ONNX Runtime loads)`);
console.log(`load average       ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (wall time on a shared machine is inflated by other work; cpu time is not)`);
if (asTune) {
  const runs = tuneTrainings(labelled);
  console.log(`a Tune press      ${runs} such trainings (${tuneFolds(labelled)} folds + final + learning curve) ≈ ${((runs * wall) / 60).toFixed(1)} min at this wall time`);
}
console.log(`train fused MAE    ${result.metrics.train.mae.toFixed(3)} on the ${labelled} labelled (synthetic; sanity only)`);

// analyze-side cost: 1 hour of speech at ~3.5 s per utterance ≈ 1,030 segments.
const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-bench-selfmi-'));
try {
  await exportModel(result.model, dir);
  const model = await loadModel(dir, 'cpu');
  const hour = syntheticSegments({ labelled: 0, unlabelled: 1030, dims, seed: 12 });
  await model.predict(hour.slice(0, 8));
  const t1 = performance.now();
  await model.predict(hour);
  console.log(`inference (ORT cpu) ${(performance.now() - t1).toFixed(1)} ms for 1,030 segments (≈ 1 h of speech), model only`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
