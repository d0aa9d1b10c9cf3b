/**
 * Honest estimate with few labels: k-fold over the labelled segments. Each fold trains on the other
 * folds' labels plus every unlabelled segment (as tuning does), from the same starting model, and
 * predicts its held-out labels; metrics are over the pooled out-of-fold predictions. Folds are
 * seeded, so "before" and "after" comparisons see the same split: the one split of folds.ts.
 */
import { InputError } from '../../shared/errors';
import { makeConfig, type DeepPartial, type SelfMiConfig } from './config';
import { kFolds } from './folds';
import { predictModel, trainInProcess, type TrainOptions } from './trainer';
import { evaluate, type Metrics } from './metrics';
import type { TrainingData } from './types';

export interface CrossValidation {
  k: number;
  metrics: Metrics;
  /** Out-of-fold fused predictions by segment id. */
  predictions: Record<string, number>;
}

export async function crossValidate(
  data: TrainingData,
  config: SelfMiConfig | DeepPartial<SelfMiConfig>,
  k = 5,
  opts: Pick<TrainOptions, 'init' | 'isCancelled' | 'featureNames'> & { onFold?: (fold: number, k: number) => void } = {},
): Promise<CrossValidation> {
  const cfg = makeConfig(config as DeepPartial<SelfMiConfig>);
  const labelled = data.segments.filter((s) => s.label !== null && s.label !== undefined);
  const unlabelled = data.segments.filter((s) => s.label === null || s.label === undefined);
  const folds = Math.min(k, labelled.length);
  if (folds < 2) throw new InputError(data.source ?? 'training data', `k-fold needs at least 2 labelled segments, found ${labelled.length}`);
  const { order, folds: split } = kFolds(labelled, folds, cfg.seed ^ 0xf01d);
  const predictions: Record<string, number> = {};
  for (let f = 0; f < folds; f++) {
    opts.onFold?.(f + 1, folds);
    const held = split[f];
    const rest = order.filter((_, i) => i % folds !== f);
    // No early stopping inside a fold: its only labels are the ones being estimated on.
    const r = await trainInProcess({ segments: [...rest, ...unlabelled], source: data.source }, { ...cfg, validationFraction: 0 }, opts);
    const p = predictModel(r.model, held).fused;
    held.forEach((s, i) => (predictions[s.id] = p[i]));
  }
  const ids = labelled.map((s) => s.id);
  return { k: folds, metrics: evaluate(ids.map((id) => predictions[id]), labelled.map((s) => s.label as number), data.source), predictions };
}
