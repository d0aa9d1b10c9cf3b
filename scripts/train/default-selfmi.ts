/**
 * Trains the default Self-MI model and writes it to models/default/selfmi/ (model.onnx, manifest.json,
 * LICENSES.md, eval/*.svg).
 *
 * - Text path (text subnet, text head, fused head): MOSI train + VADER ground truth (ratings x 0.75),
 *   text features only, early stopping on MOSI dev (and nothing else).
 * - Voice path (audio subnet, audio head): RAVDESS actors 01-20, per-emotion valence targets
 *   (datasets.ts), voice features only; estimated by 5-fold leave-4-actors-out cross-validation, then
 *   trained on all 20 actors with the same settings.
 * - Both paths train every head on y_m directly (config ulgm: false). ULGM derives unimodal labels from
 *   how each modality's representation relates to the fused one; with one modality per labelled
 *   segment y_s ≈ y_m, its tanh weights ≈ 0 and the unimodal head barely learns (first run: RAVDESS
 *   audio head MAE 1.22 with ULGM vs 0.95 for the directly supervised head). bench:labels shows the same
 *   on single-modality data. Tuning on project segments, which have all modalities, uses ULGM.
 * - Video: no labelled face data exists, so its head stays untrained, is marked so, and is not in
 *   the fusion. The fused head is text-only for the same reason audio is left out of it: no labelled
 *   data has sentiment for text and voice together. Tuning on project labels changes that.
 *
 * Usage: node bin/run-ts.mjs scripts/train/default-selfmi.ts [--out DIR] [--quick]
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUDIO_FEATURE_NAMES } from '../../src/core/features/audio';
import { VIDEO_FEATURE_NAMES } from '../../src/core/features/face';
import { makeConfig, HEADS, type Head } from '../../src/core/selfmi/config';
import { predictModel, trainInProcess } from '../../src/core/selfmi/trainer';
import { evaluate, type Metrics } from '../../src/core/selfmi/metrics';
import { exportModel } from '../../src/core/selfmi/export-onnx';
import { loadModel } from '../../src/core/selfmi/load';
import { evalPlotSvg, lossCurveSvg } from '../../src/core/selfmi/plot';
import type { SegmentFeatures, SelfMiModel } from '../../src/core/selfmi/types';
import { embedCached, RAVDESS_VALENCE, readMosi, readRavdess, readVader, type VoiceItem } from './datasets';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outArg = process.argv.indexOf('--out');
const outDir = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.join(repoRoot, 'models', 'default', 'selfmi');
const quick = process.argv.includes('--quick');
const log = (m: string) => console.log(m);

const dims = { text: 384, audio: AUDIO_FEATURE_NAMES.length, video: VIDEO_FEATURE_NAMES.length };
const featureNames = { audio: [...AUDIO_FEATURE_NAMES], video: [...VIDEO_FEATURE_NAMES] };
const round = (m: Metrics) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number.isFinite(v) ? Math.round(v * 10000) / 10000 : null]));

// ---- text path ----
log('text path: MOSI train + VADER, selected on MOSI dev');
const mosiTrain = readMosi('train');
const mosiDev = readMosi('dev');
const vader = readVader();
const [eTrain, eDev, eVader] = [await embedCached(mosiTrain, 'mosi-train'), await embedCached(mosiDev, 'mosi-dev'), await embedCached(vader, 'vader')];
const textSeg = (items: { id: string; label: number }[], emb: Float32Array[]): SegmentFeatures[] => items.map((it, i) => ({ id: it.id, text: emb[i], audio: null, video: null, label: it.label }));
const textCfg = makeConfig({ dims, ulgm: false, maxEpochs: quick ? 3 : 30, patience: quick ? 2 : 6 });
const textRun = await trainInProcess({ segments: [...textSeg(mosiTrain, eTrain), ...textSeg(vader, eVader)], validation: textSeg(mosiDev, eDev), source: 'MOSI train + VADER' }, textCfg, {
  featureNames,
  onProgress: (p) => log(`  epoch ${p.epoch}: loss ${p.loss.total.toFixed(3)} (task ${p.loss.task.toFixed(3)}, cpc ${p.loss.cpc.toFixed(3)}), MOSI dev MAE ${p.validMae?.toFixed(4)}, ${(p.elapsedMs / 1000).toFixed(0)} s`),
});
log(`  best epoch ${textRun.bestEpoch}; MOSI dev fused: ${JSON.stringify(round(textRun.metrics.validation!))}`);

// ---- voice path ----
log('voice path: RAVDESS actors 01-20, leave-4-actors-out CV');
const voice = await readRavdess(log);
const voiceSeg = (v: VoiceItem[]): SegmentFeatures[] => v.map((it) => ({ id: it.id, text: null, audio: it.audio, video: null, label: it.label }));
const voiceCfg = makeConfig({ dims, ulgm: false, maxEpochs: quick ? 3 : 30 });
const oof: Record<'fused' | 'audio', number[]> = { fused: [], audio: [] };
const oofTruth: number[] = [];
const FOLDS = 5;
for (let f = 0; f < FOLDS; f++) {
  const held = voice.filter((v) => (v.actor - 1) % FOLDS === f);
  const rest = voice.filter((v) => (v.actor - 1) % FOLDS !== f);
  const r = await trainInProcess({ segments: voiceSeg(rest), source: 'RAVDESS' }, voiceCfg);
  const p = predictModel(r.model, voiceSeg(held));
  oof.fused.push(...p.fused);
  oof.audio.push(...p.audio);
  oofTruth.push(...held.map((h) => h.label));
  log(`  fold ${f + 1}/${FOLDS} (actors ${[...new Set(held.map((h) => h.actor))].join(',')}): audio-head MAE ${evaluate(p.audio, held.map((h) => h.label)).mae.toFixed(3)}`);
}
const cvAudio = evaluate(oof.audio, oofTruth, 'RAVDESS CV');
const cvFusedVoice = evaluate(oof.fused, oofTruth, 'RAVDESS CV');
const constMae = evaluate(oofTruth.map(() => oofTruth.reduce((a, b) => a + b, 0) / oofTruth.length), oofTruth).mae;
log(`  cross-actor audio head: ${JSON.stringify(round(cvAudio))} (constant-mean MAE ${constMae.toFixed(3)})`);
const voiceRun = await trainInProcess({ segments: voiceSeg(voice), source: 'RAVDESS' }, voiceCfg);

// ---- compose: text run's network, voice run's audio subnet + head ----
const weights = { ...textRun.model.weights };
for (const k of Object.keys(weights)) if (/^(sub|post|head)\.audio\./.test(k)) weights[k] = voiceRun.model.weights[k];
const model: SelfMiModel = {
  // The config a tuning run inherits: ULGM on, since project segments carry several modalities. How these
  // weights were trained (ulgm: false) is recorded in `training`.
  config: { ...textCfg, ulgm: true },
  weights,
  fusion: textRun.model.fusion,
  norm: { text: textRun.model.norm.text, audio: voiceRun.model.norm.audio, video: textRun.model.norm.video },
  featureNames,
  heads: {
    fused: { trained: true, labelledExamples: mosiTrain.length + vader.length, note: 'MOSI train + VADER ground truth (text), early-stopped on MOSI dev; fusion over text only (no labelled data has text and voice sentiment together)' },
    text: { trained: true, labelledExamples: mosiTrain.length + vader.length, note: 'MOSI train + VADER ground truth, trained on y_m directly (text-only data: no ULGM)' },
    audio: { trained: true, labelledExamples: voice.length, note: `RAVDESS actors 01-20 (CC BY-NC-SA 4.0), valence target per acted emotion ${JSON.stringify(RAVDESS_VALENCE)}, voice features z-scored per actor, trained on the target directly (voice-only data: no ULGM)` },
    video: { trained: false, labelledExamples: 0, note: 'untrained: no labelled face data; left out of the fusion, confidence 0' },
  },
};
const training = {
  recipe: 'scripts/train/default-selfmi.ts',
  data: { mosiTrain: mosiTrain.length, vader: vader.length, vaderScale: 0.75, mosiDev: mosiDev.length, ravdess: voice.length, ravdessActors: '01-20' },
  textPath: { bestEpoch: textRun.bestEpoch, epochsRun: textRun.history.length, ulgm: false, alpha: textCfg.alpha },
  voicePath: { epochs: voiceCfg.maxEpochs, ulgm: false, alpha: voiceCfg.alpha },
  mosiDev: { fused: round(textRun.metrics.validation!) },
  ravdessCrossActor: { folds: FOLDS, split: 'actors by (actor-1) mod 5', audio: round(cvAudio), voiceOnlyFused: round(cvFusedVoice), constantMeanMae: Math.round(constMae * 10000) / 10000 },
  valenceTargets: RAVDESS_VALENCE,
  licence: 'The audio head is trained on RAVDESS (CC BY-NC-SA 4.0): non-commercial use only, share-alike. See LICENSES.md.',
};
mkdirSync(outDir, { recursive: true });
await exportModel(model, outDir, training);

// ---- check the shipped file through ONNX Runtime, on MOSI dev ----
const shipped = await loadModel(outDir, 'cpu');
const devPred = await shipped.predict(textSeg(mosiDev, eDev));
const truth = mosiDev.map((m) => m.label);
const byHead = (h: Head) => devPred.map((p) => p.scores[h]);
const ortDev = Object.fromEntries(HEADS.filter((h) => h !== 'audio' && h !== 'video').map((h) => [h, round(evaluate(byHead(h), truth, 'MOSI dev'))]));
log(`MOSI dev through ONNX Runtime: ${JSON.stringify(ortDev)}`);
const finalTraining = { ...training, mosiDev: ortDev };
await exportModel(model, outDir, finalTraining);

mkdirSync(path.join(outDir, 'eval'), { recursive: true });
writeFileSync(path.join(outDir, 'eval', 'mosi-dev-fused.svg'), evalPlotSvg(byHead('fused'), truth, 'Default model, fused head, MOSI dev'));
writeFileSync(path.join(outDir, 'eval', 'ravdess-cv-audio.svg'), evalPlotSvg(oof.audio, oofTruth, 'Default model, audio head, RAVDESS leave-actors-out'));
writeFileSync(path.join(outDir, 'eval', 'text-path-loss.svg'), lossCurveSvg(textRun.history, 'Text path training (valid = MOSI dev MAE)'));
writeFileSync(
  path.join(outDir, 'LICENSES.md'),
  `# Self-MI default model: training data licences

- Text path (text subnet, text head, fused head): CMU-MOSI train split (sentiment labels, research use) and
  VADER ground-truth snippets (MIT licence, Hutto & Gilbert 2014).
- Audio head and audio subnet: RAVDESS speech, actors 01-20 (Livingstone & Russo 2018, PLoS ONE 13(5):
  e0196391), licensed **CC BY-NC-SA 4.0**. Weights trained on it inherit that restriction: **non-commercial
  use only, share-alike, with attribution**. Replace the audio head (tune on your own labels, or retrain
  with scripts/train/default-selfmi.ts on other data) before any commercial use.
- Video head: untrained (no labelled data); carries no data licence.
`,
);
log(`wrote ${outDir}`);
