/** analyze = features where missing, then predictions of the active model for every segment. */
import { CancelledError } from '../../shared/errors';
import type { ExecutionProvider } from '../../shared/types';
import type { Db } from '../store/db';
import { startStage, zeroStage, type StageTime } from '../models/stage-clock';
import { readFeatureRows } from './feature-matrix';
import { computeMissingFeatures, type FeatureRunResult } from './features';
import { ensureActiveVersion, predictAndStore } from './models';

export interface AnalyzeOptions {
  ep?: ExecutionProvider;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
  onWarning?: (message: string) => void;
  /** See FeatureRunOptions.seek (default true). */
  seek?: boolean;
}

export async function analyzeProject(db: Db, opts: AnalyzeOptions = {}): Promise<{ features: FeatureRunResult; predicted: number; modelVersion: string; predict: StageTime }> {
  const features = await computeMissingFeatures(db, opts);
  if (opts.signal?.aborted) throw new CancelledError('analysis cancelled');
  opts.onProgress?.('predict', 0, 1);
  const predict = zeroStage();
  const clock = startStage(predict);
  const version = ensureActiveVersion(db);
  const rows = await readFeatureRows(db);
  const predicted = await predictAndStore(db, version, rows, opts.ep ?? 'auto');
  clock.stop();
  opts.onProgress?.('predict', 1, 1);
  return { features, predicted, modelVersion: version.id, predict };
}
