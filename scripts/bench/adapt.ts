/**
 * npm run bench:adapt — label efficiency of the product's tuning on data the default model never saw.
 *
 * Every run starts from the shipped default model (models/default/selfmi, as a project's first tune
 * does) and tunes with the product's own plan (analysis/tune-plan.ts planFor(N): trainable layers,
 * L2-SP and epochs by label count; the rest of the config is the starting model's, seed included),
 * on the set's N labelled segments plus its other segments unlabelled; those other segments are
 * what is scored, with the score the product shows (the reliability-weighted fused score, computed
 * from the tuned heads and spreads exactly as the ONNX graph does; checked against ONNX Runtime at
 * start). Arms: supervised only (no ULGM, alpha 0), + ULGM, + CPC (alpha from the model, 0.1), full
 * (ULGM + CPC, the product's default). N = 0 is the untuned model.
 *
 * Sets:
 *   (a) new speakers, text + voice: RAVDESS actors 17-20 (the voice head was trained on 01-16; its
 *       spread was calibrated on 17-20). Per seed one actor (cycling 17..20): N labels from that
 *       actor, the actor's other clips unlabelled and scored. An actor has 60 clips, so N <= 50.
 *   (b) new domain, text: MELD dev, starting from a default trained WITHOUT MELD (reduced recipe:
 *       only the text path is retrained on MOSI train + VADER, early-stopped on MOSI dev, its spread
 *       refitted on MOSI dev; voice and face paths copied from the shipped default). Cached.
 *   (c) new faces: CK+ test subjects (faces.ts splits CK+ by subject; the face head trained on the
 *       train subjects, early-stopped and calibrated on the calib subjects, never saw these). Frames
 *       of a sequence with a labelled frame are not scored (CK+ gives 3 near-identical frames each).
 *   (d) SYNTHETIC control, text + voice + face: each row pairs a real RAVDESS 17-20 clip (voice and
 *       its text) with a real CK+ test face, truth = 0.5 voice valence + 0.5 face valence, so the
 *       truth depends on two modalities by construction. Not real data; labelled as such.
 *
 * Also, at N = 20 (off in --quick): "product → activation rule" (the Tune defaults' arm), what the analyst would see (tuneProject's
 * k-fold estimate on the labelled segments and ACTIVATION_RULE: the tuned model if it passes, else the
 * start model), and a diagnostic arm that is NOT the product plan (supervised only, 10x the plan's
 * epochs) to tell a step-budget limit from a representation limit.
 *
 * Flags: --seeds K (default 5), --quick (2 seeds, N = 0,5,20), --counts 0,5,... , --only a,b,c,d,
 *        --activation N,.. / --diagnose N,.. (default 20; '' = off), --meeting U (set b, default 500),
 *        --out DIR (default bench-out/adapt: SVG learning curves + adapt.json), --markdown (print
 *        the README table).
 */
import path from 'node:path';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { AUDIO_FEATURE_NAMES } from '../../src/core/features/audio';
import { VIDEO_FEATURE_NAMES } from '../../src/core/features/face';
import { makeConfig, MODALITIES, type DeepPartial, type Modality, type SelfMiConfig } from '../../src/core/selfmi/config';
import { predictRepresentations, trainInProcess } from '../../src/core/selfmi/trainer';
import { initTf } from '../../src/core/selfmi/tf';
import { evaluate } from '../../src/core/selfmi/metrics';
import { lineChartSvg, type Series } from '../../src/core/selfmi/plot';
import { exportModel } from '../../src/core/selfmi/export-onnx';
import { loadModel, readManifest } from '../../src/core/selfmi/load';
import { coverageScale, fitSpread, fuse, reliabilityOf, scaled, spreadOf } from '../../src/core/selfmi/reliability';
import type { SegmentFeatures, SelfMiModel } from '../../src/core/selfmi/types';
import { defaultModelDir } from '../../src/core/analysis/models';
import { decide, planFor, type TuneSwitches } from '../../src/core/analysis/tune-plan';
import { TUNE_DEFAULTS } from '../../src/shared/tune-defaults';
import { embedCached, readMeld, readMosi, readRavdess, readVader } from '../train/datasets';
import { readFaces } from '../train/faces';
import { beatsBySpread, maxSpeakerLabels, meanSd, pairSynthetic, pm, productFolds, sampleLabels, speakerSplit, wholeGroupsUpTo, withoutSiblings, type Split } from './adapt-sets';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const arg = (n: string, d: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : d;
};
const quick = argv.includes('--quick');
const SEEDS = Number(arg('seeds', quick ? '2' : '5'));
const COUNTS = arg('counts', quick ? '0,5,20' : '0,5,10,20,50,100').split(',').map(Number);
const ONLY = new Set(arg('only', 'a,b,c,d').split(','));
/** Product outcome (the tuned model only where ACTIVATION_RULE lets it in) at these N; off in --quick. */
const ACTIVATION_AT = arg('activation', quick ? '' : '20').split(',').filter(Boolean).map(Number);
/** Diagnostic arm (not the product plan): supervised only with 10x the plan's epochs, at these N. */
const DIAGNOSE_AT = arg('diagnose', quick ? '' : '20').split(',').filter(Boolean).map(Number);
/** (b): utterances per sampled MELD "meeting" (whole dialogues). */
const MEETING = Number(arg('meeting', '500'));
const outDir = path.resolve(arg('out', path.join(repoRoot, 'bench-out', 'adapt')));
const cacheDir = process.env.ATTUNE_CACHE ?? path.join(os.tmpdir(), 'attune-selfmi-cache');
const log = (m: string) => console.log(m);
const quiet = () => {};
const featureNames = { audio: [...AUDIO_FEATURE_NAMES], video: [...VIDEO_FEATURE_NAMES] };

interface Arm {
  key: 'sup' | 'ulgm' | 'cpc' | 'full';
  name: string;
  sw: TuneSwitches;
}
const ARMS: Arm[] = [
  { key: 'sup', name: 'supervised only', sw: { ulgm: false, cpc: false } },
  { key: 'ulgm', name: '+ ULGM', sw: { ulgm: true, cpc: false } },
  { key: 'cpc', name: '+ CPC', sw: { ulgm: false, cpc: true } },
  { key: 'full', name: 'full (ULGM+CPC)', sw: { ulgm: true, cpc: true } },
];
/** The arm the product runs: the Tune defaults' switches (ULGM off, InfoNCE on since bench:adapt measured ULGM hurting). */
const PRODUCT_ARM: Arm['key'] = ARMS.find((a) => a.sw.ulgm === TUNE_DEFAULTS.ulgm && a.sw.cpc === TUNE_DEFAULTS.cpc)!.key;

interface Row extends SegmentFeatures {
  label: number;
  /** Near-duplicate group (CK+ sequence); rows of a group with a labelled row are not scored. */
  group?: string;
}

interface BenchSet {
  key: string;
  title: string;
  start: SelfMiModel;
  startName: string;
  /** The seed's split, or null when N is not possible for this set. */
  split(n: number, seed: number): (Split<Row> & { scored: Row[]; note?: string }) | null;
  counts: number[];
  skipped: string[];
}

// ---- the product's fused score, as the ONNX graph computes it ----
const faceRatioAt = VIDEO_FEATURE_NAMES.indexOf('faceRatio');
function presence(r: SegmentFeatures): Record<Modality, number> {
  const v = r.video ? Math.max(0, Math.min(1, r.video[faceRatioAt])) : 0;
  return { text: r.text ? 1 : 0, audio: r.audio ? 1 : 0, video: v };
}
function productScores(model: SelfMiModel, rows: SegmentFeatures[]): number[] {
  const rel = reliabilityOf(model);
  const { scores, F } = predictRepresentations(model, rows);
  return rows.map((r, i) => {
    const mu = {} as Record<Modality, number>;
    const sd = {} as Record<Modality, number>;
    for (const m of MODALITIES) {
      mu[m] = scores[m][i];
      const sp = rel.spread[m];
      sd[m] = sp ? spreadOf(sp, F[m][i]) : NaN;
    }
    return fuse(rel, mu, sd, presence(r), model.config.scoreRange).score;
  });
}
/** Max |JS − ONNX Runtime| of the fused score: the bench scores what the product would show. */
async function onnxCheck(model: SelfMiModel, rows: SegmentFeatures[], dir?: string): Promise<number> {
  const tmp = dir ?? path.join(os.tmpdir(), `attune-adapt-check-${process.pid}-${Date.now()}`);
  if (!dir) await exportModel(model, tmp);
  const m = await loadModel(tmp, 'cpu');
  const onnx = (await m.predict(rows)).map((p) => p.scores.fused);
  const js = productScores(model, rows);
  return Math.max(...js.map((v, i) => Math.abs(v - onnx[i])));
}

// ---- data ----
const t0 = performance.now();
const cpu0 = process.cpuUsage();
log(`bench:adapt  seeds ${SEEDS}, N ${COUNTS.join('/')}, sets ${[...ONLY].join(',')}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0].toFixed(1)}`);
const defaultDir = defaultModelDir();
const shipped = await loadModel(defaultDir, 'cpu');
const base = shipped.toSelfMiModel();
const backend = await initTf(base.config.backend);
const shippedSha = readManifest(defaultDir).onnx.sha256;
log(`start model: ${defaultDir} (onnx sha256 ${shippedSha.slice(0, 12)}); tf.js backend ${backend}`);

const needVoice = ONLY.has('a') || ONLY.has('d');
const needFaces = ONLY.has('c') || ONLY.has('d');
const voice = needVoice ? (await readRavdess(quiet)).filter((v) => v.actor >= 17) : [];
const voiceText = needVoice ? await embedCached(voice, 'ravdess-text', quiet) : [];
const voiceRows: Array<Row & { speaker: number }> = voice.map((v, i) => ({ id: v.id, text: voiceText[i], audio: v.audio, video: null, label: v.label, speaker: v.actor }));
// The face head's inputs as the default recipe gives them (default-selfmi.ts): per-segment Std and
// faceMotion features are 0 for stills; their first-layer weights are 0 in the shipped head anyway.
const TEMPORAL = VIDEO_FEATURE_NAMES.map((n, j) => (n.endsWith('Std') || n === 'faceMotion' ? j : -1)).filter((j) => j >= 0);
const faceRows: Row[] = needFaces
  ? (await readFaces(quiet))
      .filter((f) => f.dataset === 'ckplus' && f.split === 'test' && f.faceRatio > 0)
      .map((f) => {
        const video = Float32Array.from(f.video);
        for (const j of TEMPORAL) video[j] = 0;
        return { id: f.id, text: null, audio: null, video, label: f.label, group: `${f.subject}:${f.emotion}` };
      })
  : [];

// ---- (b)'s starting model: the default recipe without MELD (text path only, reduced) ----
async function noMeldModel(): Promise<SelfMiModel> {
  const mosiTrain = readMosi('train');
  const mosiDev = readMosi('dev');
  const vader = readVader();
  const [eT, eD, eV] = [await embedCached(mosiTrain, 'mosi-train', quiet), await embedCached(mosiDev, 'mosi-dev', quiet), await embedCached(vader, 'vader', quiet)];
  const textSeg = (items: { id: string; label: number }[], e: Float32Array[]): SegmentFeatures[] => items.map((it, i) => ({ id: it.id, text: e[i], audio: null, video: null, label: it.label }));
  const recipe = 'adapt-nomeld-1: text path of default-selfmi.ts on MOSI train + VADER (no MELD), early-stopped on MOSI dev only, text spread on MOSI dev; voice/face from the shipped default';
  const key = createHash('sha1').update(recipe).update(shippedSha).digest('hex').slice(0, 12);
  const dir = path.join(cacheDir, `adapt-nomeld-${key}`);
  if (existsSync(path.join(dir, 'manifest.json'))) {
    log(`(b) start model: default without MELD, from the cache (${dir})`);
    return (await loadModel(dir, 'cpu')).toSelfMiModel();
  }
  log(`(b) training the default's text path without MELD (MOSI train + VADER, ${mosiTrain.length + vader.length} rows; once, then cached in ${dir})`);
  const tt = performance.now();
  // default-selfmi.ts's text config; its model config is the shipped one (ulgm on for tuning).
  const textCfg = makeConfig({ ...base.config, ulgm: false, maxEpochs: 30, patience: 6 });
  const run = await trainInProcess({ segments: [...textSeg(mosiTrain, eT), ...textSeg(vader, eV)], validation: textSeg(mosiDev, eD), source: 'MOSI train + VADER' }, textCfg, {
    featureNames,
    onProgress: (p) => log(`  text epoch ${p.epoch}: loss ${p.loss.total.toFixed(3)}, MOSI dev MAE ${p.validMae?.toFixed(4) ?? '-'}, ${(p.elapsedMs / 1000).toFixed(0)} s`),
  });
  const weights = { ...run.model.weights };
  for (const k of Object.keys(weights)) if (/^(sub|post|head)\.(audio|video)\./.test(k)) weights[k] = base.weights[k];
  const rel = reliabilityOf(base);
  const draft: SelfMiModel = { ...base, config: { ...textCfg, ulgm: true }, weights, fusion: run.model.fusion, norm: { ...base.norm, text: run.model.norm.text }, reliability: rel };
  const dev = textSeg(mosiDev, eD);
  const { scores, F } = predictRepresentations(draft, dev);
  const resid = dev.map((s, i) => (s.label as number) - scores.text[i]);
  const sp = fitSpread(F.text, resid);
  const textSpread = scaled(sp, coverageScale(F.text.map((f) => spreadOf(sp, f)), resid));
  const model: SelfMiModel = {
    ...draft,
    heads: { ...base.heads, text: { ...base.heads.text, note: 'MOSI train + VADER ground truth (no MELD), early-stopped on MOSI dev (bench:adapt set b)' } },
    reliability: { ...rel, spread: { ...rel.spread, text: textSpread }, meta: { ...rel.meta, text: { note: 'log sd linear in the text head representation, fitted on MOSI dev (no MELD)' } } },
  };
  const mosiMae = evaluate(productScores(model, dev), mosiDev.map((m) => m.label)).mae;
  await exportModel(model, dir, { recipe, bestEpoch: run.bestEpoch, mosiDevFusedMae: mosiMae });
  log(`  done in ${((performance.now() - tt) / 1000).toFixed(0)} s, best epoch ${run.bestEpoch}, MOSI dev fused MAE ${mosiMae.toFixed(3)}`);
  return (await loadModel(dir, 'cpu')).toSelfMiModel();
}

// ---- the sets ----
const sets: BenchSet[] = [];
if (ONLY.has('a')) {
  const speakers = [17, 18, 19, 20];
  const maxN = maxSpeakerLabels(voiceRows, speakers, 10);
  sets.push({
    key: 'a',
    title: 'new speakers: RAVDESS actors 17-20, text + voice, one actor per seed',
    start: base,
    startName: 'shipped default',
    counts: COUNTS.filter((n) => n <= maxN),
    skipped: COUNTS.filter((n) => n > maxN).map((n) => `N=${n}: an actor has 60 clips (at least 10 kept to score)`),
    split: (n, seed) => {
      const s = speakerSplit(voiceRows, speakers, n, seed);
      return { ...s, scored: s.rest, note: `actor ${s.speaker}` };
    },
  });
}
if (ONLY.has('b')) {
  const start = await noMeldModel();
  const dev = readMeld('dev');
  const e = await embedCached(dev, 'meld-dev', quiet);
  const rows: Array<Row & { dialogue: string }> = dev.map((it, i) => ({ id: it.id, text: e[i], audio: null, video: null, label: it.label, dialogue: it.dialogue }));
  sets.push({
    key: 'b',
    title: `new domain: MELD dev, text, from a default trained without MELD; per seed whole dialogues up to ${MEETING} utterances (a long meeting)`,
    start,
    startName: 'default without MELD',
    counts: COUNTS,
    skipped: [],
    split: (n, seed) => {
      const meeting = wholeGroupsUpTo(rows, (r) => r.dialogue, MEETING, 150 + seed);
      const s = sampleLabels(meeting, n, 100 + seed);
      return { ...s, scored: s.rest, note: `${new Set(meeting.map((r) => r.dialogue)).size} dialogues` };
    },
  });
}
if (ONLY.has('c')) {
  sets.push({
    key: 'c',
    title: `new faces: CK+ test subjects (${new Set(faceRows.map((f) => f.group!.split(':')[0])).size} people, ${faceRows.length} stills), face only`,
    start: base,
    startName: 'shipped default',
    counts: COUNTS.filter((n) => n < faceRows.length - 20),
    skipped: COUNTS.filter((n) => n >= faceRows.length - 20).map((n) => `N=${n}: only ${faceRows.length} stills`),
    split: (n, seed) => {
      const s = sampleLabels(faceRows, n, 200 + seed);
      return { ...s, scored: withoutSiblings(s, (r) => r.group!) };
    },
  });
}
if (ONLY.has('d')) {
  sets.push({
    key: 'd',
    title: 'SYNTHETIC control: real RAVDESS 17-20 voice+text paired with real CK+ test faces, truth = 0.5 voice + 0.5 face valence',
    start: base,
    startName: 'shipped default',
    counts: COUNTS,
    skipped: [],
    split: (n, seed) => {
      const pool: Row[] = pairSynthetic(voiceRows, faceRows, 300, 300 + seed).map((p) => ({ id: p.id, text: p.a.text, audio: p.a.audio, video: p.b.video, label: p.label }));
      const s = sampleLabels(pool, n, 400 + seed);
      return { ...s, scored: s.rest };
    },
  });
}

// ONNX parity of the JS fused score, on the shipped file and on (b)'s start model.
const checkRows = [...voiceRows.slice(0, 40), ...faceRows.slice(0, 40)];
if (checkRows.length) log(`fused score, JS vs ONNX Runtime (shipped default, ${checkRows.length} rows): max |diff| ${(await onnxCheck(base, checkRows, defaultDir)).toExponential(2)}`);

// ---- runs ----
interface Result {
  set: string;
  n: number;
  /** shown = the product's outcome (full arm, then ACTIVATION_RULE); sup10 = diagnostic, not the product plan. */
  arm: Arm['key'] | 'untuned' | 'shown' | 'sup10';
  seed: number;
  mae: number;
  corr: number;
  non0: number;
  scored: number;
  seconds: number;
  note?: string;
}
const results: Result[] = [];
const metricsOf = (p: number[], rows: Row[]) => {
  const m = evaluate(p, rows.map((r) => r.label));
  return { mae: m.mae, corr: m.corr, non0: m.non0_acc2 };
};
const EXTRA: Array<{ key: Result['arm']; name: string }> = [
  { key: 'shown', name: 'product → activation rule' },
  { key: 'sup10', name: 'diag: sup, 10x epochs' },
];
/** Tunes `set.start` as tuneProject does: labels only on `labelledIds`, every other row unlabelled. */
async function tune(set: BenchSet, rows: Row[], labelledIds: Set<string>, cfg: SelfMiConfig, source: string): Promise<SelfMiModel> {
  const data = rows.map((r) => (labelledIds.has(r.id) ? r : { ...r, label: null }));
  return (await trainInProcess({ segments: data, source }, cfg, { init: set.start })).model;
}
let tunedChecked = false;
for (const set of sets) {
  log(`\n(${set.key}) ${set.title}; start: ${set.startName}`);
  for (const s of set.skipped) log(`  skipped ${s}`);
  for (const n of set.counts) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const sp = set.split(n, seed)!;
      const rows = [...sp.labelled, ...sp.rest];
      const ids = new Set(sp.labelled.map((r) => r.id));
      const push = (arm: Result['arm'], model: SelfMiModel, t1: number) =>
        results.push({ set: set.key, n, arm, seed, ...metricsOf(productScores(model, sp.scored), sp.scored), scored: sp.scored.length, seconds: (performance.now() - t1) / 1000, note: sp.note });
      push('untuned', set.start, performance.now());
      if (n === 0) continue;
      const cfgOf = (sw: TuneSwitches, more: DeepPartial<SelfMiConfig> = {}) => makeConfig({ ...set.start.config, ...planFor(n, sw).overrides, ...more } as DeepPartial<SelfMiConfig>);
      for (const arm of ARMS) {
        const t1 = performance.now();
        const model = await tune(set, rows, ids, cfgOf(arm.sw), `adapt ${set.key} N=${n} seed ${seed}`);
        if (!tunedChecked) {
          tunedChecked = true;
          log(`  fused score, JS vs ONNX Runtime (a tuned model): max |diff| ${(await onnxCheck(model, sp.scored.slice(0, 60))).toExponential(2)}`);
        }
        push(arm.key, model, t1);
        if (arm.key === PRODUCT_ARM && ACTIVATION_AT.includes(n)) {
          // What the analyst would see: tuneProject's k-fold estimate on the labelled segments, the
          // start model scored on the same folds, ACTIVATION_RULE; the tuned model if it passes, else the start.
          const t2 = performance.now();
          const truth: number[] = [];
          const before: number[] = [];
          const after: number[] = [];
          for (const fold of productFolds(sp.labelled)) {
            const held = new Set(fold.map((r) => r.id));
            const fm = await tune(set, rows, new Set([...ids].filter((id) => !held.has(id))), cfgOf(arm.sw), `fold`);
            truth.push(...fold.map((r) => r.label));
            after.push(...productScores(fm, fold));
            before.push(...productScores(set.start, fold));
          }
          const d = decide({ before, after, truth });
          push('shown', d.better ? model : set.start, t2);
          results[results.length - 1].note = `${sp.note ? sp.note + '; ' : ''}${d.better ? 'activated' : 'kept start'}: ${d.reason}`;
        }
      }
      if (DIAGNOSE_AT.includes(n)) {
        const t1 = performance.now();
        const base = cfgOf({ ulgm: false, cpc: false });
        push('sup10', await tune(set, rows, ids, makeConfig({ ...base, maxEpochs: base.maxEpochs * 10 }), 'diagnostic'), t1);
      }
    }
    // One line per (set, arm, N): mean ± sd over seeds.
    for (const arm of [{ key: 'untuned' as const, name: 'untuned (start model)' }, ...(n === 0 ? [] : [...ARMS, ...EXTRA])]) {
      const rs = results.filter((r) => r.set === set.key && r.n === n && r.arm === arm.key);
      if (!rs.length) continue;
      const st = (f: (r: Result) => number) => meanSd(rs.map(f));
      const activated = arm.key === 'shown' ? `, activated ${rs.filter((r) => r.note?.includes('activated')).length}/${rs.length}` : '';
      log(
        `  (${set.key}) N=${String(n).padStart(3)} ${arm.name.padEnd(22)} MAE ${pm(st((r) => r.mae))}  Corr ${pm(st((r) => r.corr))}  Non0 Acc-2 ${pm(st((r) => r.non0), 1, 100)} %  (${rs.length} seeds, ${Math.round(meanSd(rs.map((r) => r.scored)).mean)} scored, ${meanSd(rs.map((r) => r.seconds)).mean.toFixed(1)} s/run${activated})`,
      );
    }
  }
}

// ---- done-when: at N = 20, does the product's arm beat the untuned model by more than the seed spread? ----
log('\ndone-when check at N = 20: each arm vs the untuned model on the same scored clips, paired by seed (MAE gain = untuned − tuned):');
const verdicts: Record<string, Record<string, ReturnType<typeof beatsBySpread> & { corrGain: number; non0Gain: number }>> = {};
for (const set of sets) {
  if (!set.counts.includes(20)) continue;
  const at = (arm: string) => results.filter((r) => r.set === set.key && r.n === 20 && r.arm === arm).sort((a, b) => a.seed - b.seed);
  const u = at('untuned');
  verdicts[set.key] = {};
  for (const arm of [...ARMS, ...EXTRA]) {
    const t = at(arm.key);
    if (!t.length) continue;
    const v = beatsBySpread(u.map((r) => r.mae), t.map((r) => r.mae));
    const corrGain = meanSd(t.map((r, i) => r.corr - u[i].corr)).mean;
    const non0Gain = meanSd(t.map((r, i) => r.non0 - u[i].non0)).mean;
    verdicts[set.key][arm.key] = { ...v, corrGain, non0Gain };
    log(`  (${set.key}) ${arm.name.padEnd(22)} MAE gain ${v.gain.toFixed(3)} ± ${v.gainSd.toFixed(3)} (spread ${v.spread.toFixed(3)}) ${v.beats ? 'BEATS' : 'does not beat'} untuned; Corr ${corrGain >= 0 ? '+' : ''}${corrGain.toFixed(3)}, Non0 ${non0Gain >= 0 ? '+' : ''}${(non0Gain * 100).toFixed(1)} pt`);
  }
}

// ---- plots and rows ----
mkdirSync(outDir, { recursive: true });
for (const set of sets) {
  const series: Series[] = [{ key: 'untuned', name: 'untuned' }, ...ARMS].map((arm) => ({
    name: arm.name,
    dashed: arm.key === 'untuned',
    points: set.counts
      .filter((n) => arm.key === 'untuned' || n > 0)
      .map((n) => ({ x: Math.max(n, 1), y: meanSd(results.filter((r) => r.set === set.key && r.n === n && r.arm === (n === 0 ? 'untuned' : arm.key)).map((r) => r.mae)).mean })),
  }));
  // Arms start from the untuned point (N = 0 drawn at x = 1 on the log axis).
  for (const s of series.slice(1)) if (set.counts.includes(0)) s.points.unshift(series[0].points[0]);
  const file = path.join(outDir, `adapt-${set.key}.svg`);
  writeFileSync(file, lineChartSvg(series, { title: `(${set.key}) ${set.title.split(':')[0]}: held-out fused MAE, mean of ${SEEDS} seeds`, xLabel: 'labelled segments N (log; N = 0 drawn at 1)', yLabel: 'fused MAE (lower is better)', logX: true }));
  log(`plot: ${file}`);
}
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
writeFileSync(path.join(outDir, 'adapt.json'), JSON.stringify({ seeds: SEEDS, counts: COUNTS, startModelSha: shippedSha, wallS: wall, results, verdicts }, null, 1));
log(`rows: ${path.join(outDir, 'adapt.json')}`);
log(`wall ${wall.toFixed(0)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s, load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

if (argv.includes('--markdown')) {
  const cell = (set: string, n: number, arm: string) => {
    const rs = results.filter((r) => r.set === set && r.n === n && r.arm === arm);
    if (!rs.length) return '—';
    return `${pm(meanSd(rs.map((r) => r.mae)))} / ${pm(meanSd(rs.map((r) => r.corr)), 2)} / ${pm(meanSd(rs.map((r) => r.non0)), 1, 100)}`;
  };
  log('\nheld-out fused MAE / Corr / Non0 Acc-2 %, mean ± sd over seeds');
  log('\n| set | N | untuned | supervised only | + ULGM | + CPC | full (ULGM+CPC) |\n|---|---|---|---|---|---|---|');
  for (const set of sets) for (const n of set.counts) log(`| ${set.key} | ${n} | ${cell(set.key, n, 'untuned')} | ${ARMS.map((a) => (n === 0 ? '—' : cell(set.key, n, a.key))).join(' | ')} |`);
  const extraNs = [...new Set([...ACTIVATION_AT, ...DIAGNOSE_AT])].sort((a, b) => a - b);
  if (extraNs.length) {
    log(`\n| set | N | untuned | ${EXTRA.map((e) => e.name).join(' | ')} |\n|---|---|---|${EXTRA.map(() => '---|').join('')}`);
    for (const set of sets) for (const n of extraNs.filter((x) => set.counts.includes(x))) log(`| ${set.key} | ${n} | ${cell(set.key, n, 'untuned')} | ${EXTRA.map((e) => cell(set.key, n, e.key)).join(' | ')} |`);
  }
}
