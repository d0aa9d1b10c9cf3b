import { UnimodalHeadSchema } from '../../shared/contract';
import type { ModelVersion } from './store';
import type { ScoreTrack } from '../timeline/tracks';

/**
 * Which heads of the active model are untrained (issue 4: a head without real labelled data is
 * shown as such): the unimodal heads the version does not list in `trainedHeads` (a field of
 * ModelVersion in the contract; the fused head is never listed and never untrained).
 */
export function untrainedHeads(models: ModelVersion[]): Set<ScoreTrack> {
  const active = models.find((m) => m.active);
  return new Set(active ? UnimodalHeadSchema.options.filter((h) => !active.trainedHeads.includes(h)) : []);
}

/** What each head of the active version was trained on (the version's headNotes), where it says. */
export function headNotes(models: ModelVersion[]): Partial<Record<ScoreTrack, string>> {
  return models.find((m) => m.active)?.headNotes ?? {};
}
