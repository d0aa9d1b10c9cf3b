import type { LabelledSegment } from '../../shared/types';
import type { Db } from './db';
import { listLabels } from './labels';
import { listSegments } from './segments';

/** Every segment with its current label (null when unlabelled), in time order. */
export function labelledSegments(db: Db): LabelledSegment[] {
  const labels = new Map(listLabels(db).map((l) => [l.segmentId, l] as const));
  return listSegments(db).map((s) => ({ ...s, label: labels.get(s.id) ?? null }));
}
