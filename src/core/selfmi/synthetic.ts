/**
 * Structured synthetic segments for tests and benches: a latent sentiment drives every modality
 * through a fixed random projection plus noise (text most, video least), so a working trainer
 * measurably learns and a broken one does not. Not a substitute for real data.
 */
import { makeRng } from './rng';
import type { SegmentFeatures } from './types';

export interface SyntheticOptions {
  labelled: number;
  unlabelled: number;
  dims: { text: number; audio: number; video: number };
  seed?: number;
}

export function syntheticSegments(o: SyntheticOptions): SegmentFeatures[] {
  const rng = makeRng(o.seed ?? 7);
  const gauss = () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const signal = { text: 1.0, audio: 0.6, video: 0.3 };
  // Two latent factors: sentiment and a nuisance "speaker style" shared by all modalities.
  const proj = {} as Record<'text' | 'audio' | 'video', { s: Float64Array; n: Float64Array }>;
  for (const m of ['text', 'audio', 'video'] as const) {
    proj[m] = { s: Float64Array.from({ length: o.dims[m] }, gauss), n: Float64Array.from({ length: o.dims[m] }, gauss) };
  }
  const out: SegmentFeatures[] = [];
  const total = o.labelled + o.unlabelled;
  for (let i = 0; i < total; i++) {
    const y = Math.max(-3, Math.min(3, gauss() * 1.5));
    const style = gauss();
    const seg: SegmentFeatures = { id: `seg-${i}`, text: null, audio: null, video: null };
    for (const m of ['text', 'audio', 'video'] as const) {
      const v = new Float32Array(o.dims[m]);
      for (let j = 0; j < v.length; j++) v[j] = (signal[m] * y * proj[m].s[j]) / 1.5 + 0.5 * style * proj[m].n[j] + gauss();
      seg[m] = v;
    }
    if (i < o.labelled) seg.label = Math.round(y * 5) / 5;
    out.push(seg);
  }
  return out;
}
