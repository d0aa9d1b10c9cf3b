/**
 * npm run bench:labels — does the method earn its keep with few labels?
 *
 * Learning curves on real data, scored with MMSA metrics:
 *   text:  MOSI train -> N labelled (seeded sample), the rest unlabelled; scored on MOSI dev.
 *   voice: RAVDESS actors 01-16 -> N labelled, the rest unlabelled; scored on actors 17-20 (unseen speakers).
 * N = 10, 20, 50, 100, 200, all. Variants, same seeds and same step budget:
 *   (a) supervised-only heads  (every head on y_m, no ULGM, alpha 0)
 *   (b) + ULGM                 (Self-MM's generated unimodal labels, alpha 0)
 *   (c) + ULGM + CPC           (alpha 0.1; the unlabelled rows feed InfoNCE)
 * Each run gets the same number of optimisation steps (--steps, default 400), so small N is not
 * simply under-trained; no early stopping (the scored split is never used for selection).
 * Flags: --steps N, --seeds K, --only text|voice, --out DIR (SVG and JSON; default: OS temp dir).
 */
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AUDIO_FEATURE_NAMES } from '../../src/core/features/audio';
import { VIDEO_FEATURE_NAMES } from '../../src/core/features/face';
import { makeConfig, type DeepPartial, type SelfMiConfig } from '../../src/core/selfmi/config';
import { predictModel, trainInProcess } from '../../src/core/selfmi/trainer';
import { evaluate, type Metrics } from '../../src/core/selfmi/metrics';
import { lineChartSvg, type Series } from '../../src/core/selfmi/plot';
import { makeRng, shuffled } from '../../src/core/selfmi/rng';
import type { SegmentFeatures } from '../../src/core/selfmi/types';
import { embedCached, readMosi, readRavdess } from '../train/datasets';

const arg = (n: string, d: string) => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const STEPS = Number(arg('steps', '400'));
const SEEDS = Number(arg('seeds', '1'));
const only = arg('only', 'both');
const outDir = path.resolve(arg('out', path.join(os.tmpdir(), 'attune-bench-labels')));
const COUNTS = [10, 20, 50, 100, 200, Infinity];
const dims = { text: 384, audio: AUDIO_FEATURE_NAMES.length, video: VIDEO_FEATURE_NAMES.length };

const VARIANTS: Array<{ key: string; name: string; cfg: DeepPartial<SelfMiConfig>; unlabelled: boolean }> = [
  { key: 'a', name: '(a) supervised heads', cfg: { ulgm: false, alpha: 0 }, unlabelled: false },
  { key: 'b', name: '(b) + ULGM', cfg: { ulgm: true, alpha: 0 }, unlabelled: false },
  { key: 'c', name: '(c) + ULGM + CPC', cfg: { ulgm: true, alpha: 0.1 }, unlabelled: true },
];

interface Row {
  task: string;
  n: number;
  variant: string;
  seed: number;
  metrics: Metrics;
  seconds: number;
}

async function curve(task: string, pool: SegmentFeatures[], test: SegmentFeatures[], fusion: Array<'text' | 'audio'>): Promise<Row[]> {
  const rows: Row[] = [];
  const truth = test.map((s) => s.label as number);
  for (let seed = 1; seed <= SEEDS; seed++) {
    const order = shuffled(pool, makeRng(1000 + seed));
    for (const N of COUNTS) {
      const n = Math.min(N, pool.length);
      const labelled = order.slice(0, n);
      const rest = order.slice(n).map((s) => ({ ...s, label: null }));
      for (const v of VARIANTS) {
        const segs = v.unlabelled ? [...labelled, ...rest] : labelled;
        const base = makeConfig({ dims, fusionModalities: fusion, seed, ...v.cfg });
        const perEpoch = v.unlabelled && rest.length > 0 ? Math.max(Math.ceil(n / base.batchSize), Math.ceil(rest.length / base.unlabelledBatchSize)) : Math.ceil(n / base.batchSize);
        const cfg = { ...base, maxEpochs: Math.max(1, Math.round(STEPS / perEpoch)) };
        const t0 = performance.now();
        const r = await trainInProcess({ segments: segs, source: task }, cfg);
        const p = predictModel(r.model, test).fused;
        const metrics = evaluate(p, truth, task);
        const row = { task, n, variant: v.key, seed, metrics, seconds: (performance.now() - t0) / 1000 };
        rows.push(row);
        console.log(`  ${task} N=${String(n).padStart(4)} ${v.name.padEnd(22)} seed ${seed}: MAE ${metrics.mae.toFixed(3)} corr ${metrics.corr.toFixed(3)} Has0 ${(metrics.has0_acc2 * 100).toFixed(1)} Non0 ${(metrics.non0_acc2 * 100).toFixed(1)}  (${cfg.maxEpochs} ep, ${row.seconds.toFixed(1)} s)`);
      }
    }
  }
  return rows;
}

const all: Row[] = [];
if (only !== 'voice') {
  console.log('text: MOSI train -> MOSI dev');
  const train = readMosi('train');
  const dev = readMosi('dev');
  const [et, ed] = [await embedCached(train, 'mosi-train'), await embedCached(dev, 'mosi-dev')];
  const seg = (items: typeof train, e: Float32Array[]): SegmentFeatures[] => items.map((it, i) => ({ id: it.id, text: e[i], audio: null, video: null, label: it.label }));
  all.push(...(await curve('text', seg(train, et), seg(dev, ed), ['text'])));
}
if (only !== 'text') {
  console.log('voice: RAVDESS actors 01-16 -> actors 17-20');
  const voice = await readRavdess();
  const seg = (v: typeof voice): SegmentFeatures[] => v.map((it) => ({ id: it.id, text: null, audio: it.audio, video: null, label: it.label }));
  all.push(...(await curve('voice', seg(voice.filter((v) => v.actor <= 16)), seg(voice.filter((v) => v.actor > 16)), ['audio'])));
}

// Table: mean over seeds.
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`\nfused-head MAE (lower is better) / Non0 Acc-2 %, mean over ${SEEDS} seed(s), ${STEPS} steps per run`);
mkdirSync(outDir, { recursive: true });
for (const task of [...new Set(all.map((r) => r.task))]) {
  console.log(`\n${task.padEnd(6)} N     | ${VARIANTS.map((v) => v.name.padEnd(22)).join(' | ')}`);
  const ns = [...new Set(all.filter((r) => r.task === task).map((r) => r.n))];
  const series: Series[] = VARIANTS.map((v) => ({ name: v.name, points: [] }));
  for (const n of ns) {
    const cells = VARIANTS.map((v, k) => {
      const rs = all.filter((r) => r.task === task && r.n === n && r.variant === v.key);
      const mae = mean(rs.map((r) => r.metrics.mae));
      series[k].points.push({ x: n, y: mae });
      return `${mae.toFixed(3)} / ${(mean(rs.map((r) => r.metrics.non0_acc2)) * 100).toFixed(1)}`.padEnd(22);
    });
    console.log(`       ${String(n).padStart(5)} | ${cells.join(' | ')}`);
  }
  const file = path.join(outDir, `labels-${task}.svg`);
  writeFileSync(file, lineChartSvg(series, { title: `Learning curve, ${task} (${task === 'text' ? 'MOSI dev' : 'RAVDESS actors 17-20'})`, xLabel: 'labelled segments', yLabel: 'fused MAE', logX: true }));
  console.log(`plot: ${file}`);
}
writeFileSync(path.join(outDir, 'labels.json'), JSON.stringify(all, null, 1));
console.log(`rows: ${path.join(outDir, 'labels.json')}`);
