import type { ModelVersion } from './store';
import type { ScoreTrack } from '../timeline/tracks';

const MODALITIES: ScoreTrack[] = ['text', 'audio', 'video', 'fused'];

/**
 * Which heads of the active model are untrained (issue 4: a head without real labelled data is
 * marked untrained in the manifest and carried into the version's config). Accepted shapes:
 * `config.untrainedHeads: ['video']`, `config.trainedHeads: ['text', 'audio']` (unimodal heads
 * only), or `config.heads.video.trained === false` (also in dataSummary).
 */
export function untrainedHeads(models: ModelVersion[]): Set<ScoreTrack> {
  const active = models.find((m) => m.active);
  const out = new Set<ScoreTrack>();
  if (!active) return out;
  for (const bag of [active.config, active.dataSummary] as Record<string, any>[]) {
    const list = bag?.untrainedHeads;
    if (Array.isArray(list)) for (const m of list) if (MODALITIES.includes(m)) out.add(m);
    // `trainedHeads` lists the unimodal heads that are trained; the fused head is never listed.
    const trained = bag?.trainedHeads;
    if (Array.isArray(trained)) for (const m of ['text', 'audio', 'video'] as const) if (!trained.includes(m)) out.add(m);
    const heads = bag?.heads;
    if (heads && typeof heads === 'object') {
      for (const m of MODALITIES) {
        const h = heads[m];
        if (h && typeof h === 'object' && (h.trained === false || h.untrained === true)) out.add(m);
      }
    }
  }
  return out;
}

/** What each head of the active version was trained on (the manifest's head notes), where it says. */
export function headNotes(models: ModelVersion[]): Partial<Record<ScoreTrack, string>> {
  const active = models.find((m) => m.active);
  const out: Partial<Record<ScoreTrack, string>> = {};
  if (!active) return out;
  const trainedOn = (active.dataSummary as Record<string, any>)?.trainedOn;
  const heads = (active.config as Record<string, any>)?.heads;
  for (const m of MODALITIES) {
    const note = trainedOn?.[m] ?? heads?.[m]?.note;
    if (typeof note === 'string' && note) out[m] = note;
  }
  return out;
}
