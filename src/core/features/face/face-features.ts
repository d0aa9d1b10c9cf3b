/**
 * One segment's video feature record from its analysed frames. Expression statistics are over the
 * frames where the chosen face was found; a segment with no face has them at 0 and faceRatio = 0.
 * `<expr>Delta` is the segment's mean minus the same person's recording-wide mean (the baseline),
 * so a face that always looks a little sad is not read as sad in every segment; it needs the whole
 * recording, hence the separate `withExpressionBaseline` step.
 */
import { EXPRESSIONS, type FrameFace } from './face-analyzer';

type ExprStat = `${(typeof EXPRESSIONS)[number]}${'Mean' | 'Std' | 'Max' | 'Delta'}`;

/** The fixed order of the video feature vector. Append new names at the end; never reorder. */
export const VIDEO_FEATURE_NAMES = [
  'faceRatio',
  ...EXPRESSIONS.flatMap((e) => [`${e}Mean`, `${e}Std`, `${e}Max`, `${e}Delta`] as ExprStat[]),
  'faceMotion',
] as const;

export type VideoFeatureName = 'faceRatio' | ExprStat | 'faceMotion';
export type VideoFeatures = Record<VideoFeatureName, number>;

/** Bump when any definition here or in face-analyzer.ts changes, so cached features are recomputed. */
export const VIDEO_EXTRACTOR_VERSION = 'face-1';

export interface FaceSegmentSummary {
  values: VideoFeatures;
  /** Frames sampled in the segment, and those with the chosen face (the baseline's weights). */
  frames: number;
  faceFrames: number;
}

/** Per-segment statistics; the Delta features stay 0 until `withExpressionBaseline`. */
export function summarizeFaces(frames: FrameFace[]): FaceSegmentSummary {
  const withFace = frames.filter((f) => f.face && f.expressions);
  const values = Object.fromEntries(VIDEO_FEATURE_NAMES.map((n) => [n, 0])) as VideoFeatures;
  values.faceRatio = frames.length > 0 ? withFace.length / frames.length : 0;
  EXPRESSIONS.forEach((e, k) => {
    if (withFace.length === 0) return;
    const ps = withFace.map((f) => f.expressions![k]);
    const m = ps.reduce((s, p) => s + p, 0) / ps.length;
    values[`${e}Mean`] = m;
    values[`${e}Std`] = Math.sqrt(ps.reduce((s, p) => s + (p - m) ** 2, 0) / ps.length);
    values[`${e}Max`] = Math.max(...ps);
  });
  values.faceMotion = faceMotion(frames);
  return { values, frames: frames.length, faceFrames: withFace.length };
}

/**
 * Head movement: mean displacement of the face-box centre between consecutive frames that both
 * have a face, in units of the face size (so it does not depend on resolution or camera distance).
 */
function faceMotion(frames: FrameFace[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1].face;
    const b = frames[i].face;
    if (!a || !b) continue;
    const size = Math.sqrt(((a.width * a.height + b.width * b.height) / 2) || 1);
    sum += Math.hypot(b.x + b.width / 2 - (a.x + a.width / 2), b.y + b.height / 2 - (a.y + a.height / 2)) / size;
    n++;
  }
  return n > 0 ? sum / n : 0;
}

/**
 * Fills the Delta features of every segment of ONE recording. Baseline = mean expression over the
 * face frames of the recording (segments weighted by their face frames) — or, when `speakers` is
 * given (one per segment), over that speaker's segments only: in speaker-view recordings the face
 * on screen is mostly the speaker's, so that is the person's own baseline. Segments without a face
 * keep Delta 0. Returns new objects; the inputs are not changed.
 */
export function withExpressionBaseline(segments: FaceSegmentSummary[], speakers?: (string | null)[]): FaceSegmentSummary[] {
  if (speakers && speakers.length !== segments.length) {
    throw new RangeError(`withExpressionBaseline: ${speakers.length} speakers for ${segments.length} segments`);
  }
  const groupOf = (i: number) => (speakers ? speakers[i] : '');
  const baselines = new Map<string | null, number[]>();
  for (const group of new Set(segments.map((_, i) => groupOf(i)))) {
    const members = segments.filter((_, i) => groupOf(i) === group);
    const total = members.reduce((s, g) => s + g.faceFrames, 0);
    baselines.set(
      group,
      EXPRESSIONS.map((e) => (total > 0 ? members.reduce((s, g) => s + g.values[`${e}Mean`] * g.faceFrames, 0) / total : 0)),
    );
  }
  return segments.map((g, i) => {
    const values = { ...g.values };
    const baseline = baselines.get(groupOf(i))!;
    EXPRESSIONS.forEach((e, k) => {
      values[`${e}Delta`] = g.faceFrames > 0 ? values[`${e}Mean`] - baseline[k] : 0;
    });
    return { ...g, values };
  });
}

/** Fixed-order numeric vector of a feature record, for models. */
export function videoFeatureVector(features: VideoFeatures): Float32Array {
  return Float32Array.from(VIDEO_FEATURE_NAMES, (n) => features[n]);
}
