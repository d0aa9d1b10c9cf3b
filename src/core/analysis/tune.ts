/**
 * tune = Self-MI training on the project's labels plus all its unlabelled segments, warm-started
 * from the active version. With few labels a held-out score is meaningless, so the honest estimate
 * is k-fold over the labelled segments: "before" is the active model on every labelled segment,
 * "after" is each fold's held-out predictions from a model tuned without that fold. The final model
 * is tuned on all labels, every segment is predicted with it, then it is stored as a new version
 * and activated if it passes ACTIVATION_RULE. With >= CURVE_MIN_LABELS labels the same folds also
 * give the project's learning curve (learning-curve.ts), stored with the version. Cancelling (or a kill) at any point before that leaves the active version and its
 * predictions untouched.
 */
import { TUNE_DEFAULTS } from '../../shared/tune-defaults';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError, CancelledError } from '../../shared/errors';
import type { ExecutionProvider } from '../../shared/types';
import type { JobResult } from '../../shared/contract';
import type { DeepPartial, SelfMiConfig } from '../selfmi/config';
import { exportModel } from '../selfmi/export-onnx';
import { kFolds } from '../selfmi/folds';
import { evaluate } from '../selfmi/metrics';
import { train } from '../selfmi/train';
import type { SegmentFeatures, SelfMiModel } from '../selfmi/types';
import type { Db } from '../store/db';
import { listLabels } from '../store/labels';
import { deletePredictions } from '../store/predictions';
import { activateModelVersion, insertModelVersion } from '../store/model-versions';
import { newId } from '../store/ids';
import { readFeatureRows } from './feature-matrix';
import { computeMissingFeatures } from './features';
import { ensureActiveVersion, loadVersion, predictAndStore, trainedHeadsOf } from './models';
import { loadModel } from '../selfmi/load';
import { ACTIVATION_RULE, decide, planFor } from './tune-plan';
import { EpochClock } from './epoch-clock';
import { CURVE_METHOD, CURVE_MIN_LABELS, CURVE_SEED, CURVE_STEP, curveGrid, curveOrder, curveStat, type CurvePoint, type LearningCurve } from './learning-curve';

export interface TuneOptions {
  projectDir: string;
  epochs?: number;
  alpha?: number;
  folds?: number;
  /** Ablation switches (default on): Self-MM's unimodal label generation, MMIM's InfoNCE. */
  ulgm?: boolean;
  cpc?: boolean;
  /** 'if-better' (default): activate only a candidate that passes ACTIVATION_RULE. */
  activate?: 'always' | 'if-better';
  /** The learning curve (default on; computed only with >= CURVE_MIN_LABELS labels). */
  curve?: boolean;
  ep?: ExecutionProvider;
  signal?: AbortSignal;
  /** etaMs: from measured epoch times once the first epoch has run (null before). */
  onProgress?: (stage: string, done: number, total: number, metrics?: Record<string, number>, etaMs?: number | null) => void;
}

/** What a tuning run returns: the tune job's result in the contract (contract/jobs.ts), JSON-safe (an undefined metric is null). */
export type TuneResult = JobResult<'tune'>;

const pick = (m: ReturnType<typeof evaluate>) => ({ mae: m.mae, corr: m.corr, acc2: m.has0_acc2, acc7: m.acc7 });
/** An undefined metric (Corr of constant predictions is NaN) as null, as JSON would carry it. */
const orNull = (m: ReturnType<typeof pick>) => ({ mae: fin(m.mae), corr: fin(m.corr), acc2: fin(m.acc2), acc7: fin(m.acc7) });
const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The seed of the estimate's k folds (selfmi/folds.ts: shuffled, then dealt round-robin); the learning curve reuses them. */
export const TUNE_FOLD_SEED = 1;

/** The estimate's k: at most `folds` (default 5), at most one per label, at least 2. */
export function tuneFolds(labels: number, folds = 5): number {
  return Math.max(2, Math.min(folds, labels));
}

/**
 * How many trainings one tune makes: k folds for the before/after estimate, the final model, and
 * (>= CURVE_MIN_LABELS labels) k more per learning-curve point below the last.
 */
export function tuneTrainings(labels: number, opts: { folds?: number; curve?: boolean } = {}): number {
  const k = tuneFolds(labels, opts.folds);
  const curveNs = opts.curve === false ? [] : curveGrid(labels).filter((n) => n < labels);
  return k + 1 + curveNs.length * k;
}

export async function tuneProject(db: Db, opts: TuneOptions): Promise<TuneResult> {
  const check = () => {
    if (opts.signal?.aborted) throw new CancelledError('tuning cancelled');
  };
  opts.onProgress?.('features', 0, 1);
  await computeMissingFeatures(db, { ep: opts.ep, signal: opts.signal, onProgress: (s, d, t) => opts.onProgress?.(`features: ${s}`, d, t) });
  check();
  const parentRow = ensureActiveVersion(db);
  const parent = await loadVersion(parentRow, opts.ep ?? 'auto');
  const init: SelfMiModel = parent.toSelfMiModel();
  const labels = new Map(listLabels(db).map((l) => [l.segmentId, l.score] as const));
  const rows = await readFeatureRows(db);
  const all: SegmentFeatures[] = rows.map((r) => ({ id: r.segment.id, text: r.text, audio: r.audio, video: r.video, label: labels.get(r.segment.id) ?? null }));
  const labelled = all.filter((s) => s.label !== null && s.label !== undefined);
  // Three, because the k-fold estimate trains each fold on the others and training needs two labels.
  if (labelled.length < 3) throw new AttuneError('USAGE', `tuning needs at least 3 labelled segments (the project has ${labelled.length}); label a few in the Review view or with 'attune label'`);
  const switches = { ulgm: opts.ulgm ?? TUNE_DEFAULTS.ulgm, cpc: opts.cpc ?? TUNE_DEFAULTS.cpc };
  const plan = planFor(labelled.length, switches);
  const overrides: DeepPartial<SelfMiConfig> = { ...(opts.epochs ? { maxEpochs: opts.epochs } : {}), ...(opts.alpha !== undefined && switches.cpc ? { alpha: opts.alpha } : {}) };
  const config: DeepPartial<SelfMiConfig> = { ...init.config, ...plan.overrides, ...overrides };
  const maxEpochs = config.maxEpochs ?? init.config.maxEpochs;

  // Honest estimate: k-fold over the labelled segments (shuffled, seeded), the active version scored on the same folds.
  const k = tuneFolds(labelled.length, opts.folds);
  const { folds } = kFolds(labelled, k, TUNE_FOLD_SEED);
  const grid = opts.curve === false ? [] : curveGrid(labelled.length);
  const runs = tuneTrainings(labelled.length, { folds: opts.folds, curve: opts.curve });
  const clock = new EpochClock(runs, maxEpochs);
  let run = 0;
  const progress = (stage: string, epoch: number, metrics: Record<string, number>) =>
    opts.onProgress?.(stage, Math.min(run * maxEpochs + epoch, runs * maxEpochs), runs * maxEpochs, metrics, clock.etaMs(run, epoch));

  /** Tunes with the labels in `train` only (every other segment unlabelled) and predicts `held`. */
  const foldRun = async (trainIds: Set<string>, held: SegmentFeatures[], cfg: DeepPartial<SelfMiConfig>, stage: string): Promise<number[]> => {
    check();
    const data = all.map((s) => (trainIds.has(s.id) ? s : { ...s, label: null }));
    clock.startRun();
    const res = await train({ segments: data, source: stage }, cfg, {
      init,
      signal: opts.signal,
      onProgress: (p) => {
        clock.epochDone();
        progress(stage, p.epoch, { epoch: p.epoch, loss: p.loss.total });
      },
    });
    clock.endRun(res.history.length);
    run++;
    const dir = fs.mkdtempSync(path.join(opts.projectDir, '.fold-'));
    try {
      await exportModel(res.model, dir);
      const m = await loadModel(dir, opts.ep ?? 'auto');
      return (await m.predict(held)).map((p) => p.scores.fused);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  const truthByFold = folds.map((f) => f.map((s) => s.label as number));
  const beforeByFold: number[][] = [];
  const afterByFold: number[][] = [];
  for (let f = 0; f < k; f++) {
    const held = new Set(folds[f].map((s) => s.id));
    const trainIds = new Set(labelled.filter((s) => !held.has(s.id)).map((s) => s.id));
    afterByFold.push(await foldRun(trainIds, folds[f], config, `estimate fold ${f + 1}/${k}`));
    beforeByFold.push((await parent.predict(folds[f])).map((p) => p.scores.fused));
  }
  check();
  const truth = truthByFold.flat();
  const before = beforeByFold.flat();
  const after = afterByFold.flat();
  const estimate = { folds: k, before: pick(evaluate(before, truth)), after: pick(evaluate(after, truth)) };

  // Learning curve: the same folds, each fold's model tuned on the first n labels (fixed order) outside it.
  let curve: LearningCurve | null = null;
  if (grid.length > 0) {
    const order = curveOrder(folds);
    const points: CurvePoint[] = [];
    for (const n of grid) {
      const subset = new Set(order.slice(0, n).map((s) => s.id));
      const trainLabels = folds.map((fold) => [...subset].filter((id) => !fold.some((s) => s.id === id)).length);
      let preds = afterByFold;
      if (n < labelled.length) {
        preds = [];
        const nPlan = planFor(n, switches);
        const nConfig: DeepPartial<SelfMiConfig> = { ...init.config, ...nPlan.overrides, ...overrides };
        for (let f = 0; f < k; f++) {
          const inFold = new Set(folds[f].map((s) => s.id));
          preds.push(await foldRun(new Set([...subset].filter((id) => !inFold.has(id))), folds[f], nConfig, `learning curve n=${n} fold ${f + 1}/${k}`));
        }
      }
      points.push({ n, trainLabels, ...curveStat(preds, truthByFold) });
    }
    curve = { folds: k, seed: CURVE_SEED, method: CURVE_METHOD, untuned: curveStat(beforeByFold, truthByFold), points };
  }
  const curveNote = curve
    ? null
    : opts.curve === false
      ? 'no learning curve: it was switched off for this run'
      : `no learning curve: it needs at least ${CURVE_MIN_LABELS} labels (this run had ${labelled.length}), so that even its first point (n = ${CURVE_STEP}) leaves labels to score on every fold`;
  check();
  const mode = opts.activate ?? 'if-better';
  const decision = decide({ before, after, truth });
  const activate = mode === 'always' || decision.better;

  // Final model on all labels.
  clock.startRun();
  const final = await train({ segments: all, source: 'project' }, config, {
    init,
    signal: opts.signal,
    onProgress: (p) => {
      clock.epochDone();
      progress('tune', p.epoch, { epoch: p.epoch, loss: p.loss.total, ...(p.validMae !== null ? { validMae: p.validMae } : {}) });
    },
  });
  check();
  const versionId = newId('v-');
  const dir = path.join(opts.projectDir, 'models', versionId);
  fs.mkdirSync(dir, { recursive: true });
  const record = {
    parent: parentRow.id,
    labelled: labelled.length,
    unlabelled: all.length - labelled.length,
    estimate,
    decision: { ...decision, rule: ACTIVATION_RULE, mode, activated: activate },
    plan: { regime: plan.regime, why: plan.why, ...switches },
    curve,
    curveNote,
    dataSummary: final.dataSummary,
  };
  try {
    await exportModel(final.model, dir, record);
    check();
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const metrics: Record<string, number> = {
    labelled: labelled.length,
    unlabelled: all.length - labelled.length,
    folds: k,
    before_mae: estimate.before.mae,
    after_mae: estimate.after.mae,
    before_corr: estimate.before.corr,
    after_corr: estimate.after.corr,
    before_acc2: estimate.before.acc2,
    after_acc2: estimate.after.acc2,
    train_mae: final.metrics.train.mae,
    epochs: final.history.length,
    better: decision.better ? 1 : 0,
  };
  const finite = Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
  // Predict every segment with the new model BEFORE it becomes active (stored under its id while the
  // parent is still the active version), then register and activate it in one transaction: a kill
  // at any moment leaves either the parent active with its predictions or the new version active
  // with all of its own.
  opts.onProgress?.('predict', 0, 1);
  try {
    await predictAndStore(db, { ...parentRow, id: versionId, dir, active: 0 }, rows, opts.ep ?? 'auto');
    check();
  } catch (err) {
    deletePredictions(db, versionId);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const verdict = decision.better ? '' : activate ? ' — not better, activated anyway (--activate always)' : ` — not better, kept inactive: ${decision.reason}`;
  db.transaction(() => {
    insertModelVersion(db, {
      id: versionId,
      parent: parentRow.id,
      source: `tuned on ${labelled.length} labels + ${all.length - labelled.length} unlabelled segments${verdict}`,
      dir,
      config_json: JSON.stringify({
        ...final.model.config,
        trainedHeads: trainedHeadsOf(dir),
        decision: record.decision,
        plan: record.plan,
        // What the Tune view shows of this run (service.tuneReport), without recomputing anything.
        tuneReport: { labelled: record.labelled, unlabelled: record.unlabelled, estimate, curve, curveNote },
      }),
      metrics_json: JSON.stringify(finite),
      data_summary_json: JSON.stringify(final.dataSummary),
    });
    if (activate) activateModelVersion(db, versionId);
  })();
  opts.onProgress?.('predict', 1, 1);
  return {
    versionId,
    parent: parentRow.id,
    labelled: labelled.length,
    unlabelled: all.length - labelled.length,
    estimate: { folds: k, before: orNull(estimate.before), after: orNull(estimate.after) },
    metrics: finite,
    activated: activate,
    decision: record.decision,
    activeVersion: activate ? versionId : parentRow.id,
    plan: record.plan,
    curve,
    curveNote,
  };
}
