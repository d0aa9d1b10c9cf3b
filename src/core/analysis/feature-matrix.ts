/**
 * Reads cached features back as model inputs: text as stored; voice as per-speaker z-scores within
 * each recording (raw kept for display); face with each person's recording baseline subtracted
 * (the Delta features). Normalisation happens here, at read time, so the cache stays per segment.
 */
import type { Segment } from '../../shared/types';
import { DEFAULT_LANGUAGE, textIsScored, type Language } from '../../shared/text/language';
import { AUDIO_FEATURE_NAMES, normalizePerSpeaker } from '../features/audio';
import { VIDEO_FEATURE_NAMES, withExpressionBaseline, type FaceSegmentSummary, type VideoFeatures } from '../features/face';
import { textEncoderVersion } from '../features/text';
import { loadPack } from '../models/pack';
import type { Db } from '../store/db';
import { listRecordings } from '../store/recordings';
import { listSegments } from '../store/segments';
import { FeatureCache, textKey } from '../store/features';
import { audioVersion, VIDEO_VERSION } from './features';

type Named = Record<string, number>;

export interface SegmentFeatureRow {
  segment: Segment;
  text: Float32Array | null;
  audio: Float32Array | null;
  audioNamed: Named | null;
  audioRaw: Named | null;
  video: Float32Array | null;
  videoNamed: Named | null;
  provider: string | null;
}

const named = (names: readonly string[], v: ArrayLike<number>): Named => Object.fromEntries(names.map((n, i) => [n, v[i]]));

export async function readFeatureRows(db: Db): Promise<SegmentFeatureRow[]> {
  const cache = new FeatureCache(db);
  const textVersion = textEncoderVersion(await loadPack());
  return listRecordings(db).flatMap((rec) => featureRowsOf(cache, textVersion, listSegments(db, rec.id), rec.language));
}

/**
 * Model inputs for one normalisation group: voice z-scored and face deltas taken per speaker within
 * `segs` (a recording; for `attune eval --media`, all clips with the speaker set to the source video).
 * In a language the text encoder does not read, text is missing, as for a segment without words.
 */
export function featureRowsOf(cache: FeatureCache, textVersion: string, segs: Segment[], language: Language = DEFAULT_LANGUAGE): SegmentFeatureRow[] {
  const textUsable = textIsScored(language);
  const text = segs.map((s) => cache.get(s, 'text', `${textVersion}:${textKey(s.text)}`));
  const audio = segs.map((s) => cache.get(s, 'audio', audioVersion(s)));
  const video = segs.map((s) => cache.get(s, 'video', VIDEO_VERSION));

  const withAudio = segs.map((s, i) => ({ i, speaker: s.speaker, row: audio[i] })).filter((x) => x.row);
  const z = normalizePerSpeaker(withAudio.map((x) => ({ speaker: x.speaker, values: named(AUDIO_FEATURE_NAMES, x.row!.data) })));
  const audioZ = new Map(withAudio.map((x, k) => [x.i, z[k]] as const));

  const withVideo = segs.map((s, i) => ({ i, speaker: s.speaker, row: video[i] })).filter((x) => x.row);
  const summaries: FaceSegmentSummary[] = withVideo.map((x) => ({
    values: named(VIDEO_FEATURE_NAMES, x.row!.data) as VideoFeatures,
    frames: x.row!.data[VIDEO_FEATURE_NAMES.length],
    faceFrames: x.row!.data[VIDEO_FEATURE_NAMES.length + 1],
  }));
  const based = withExpressionBaseline(summaries, withVideo.map((x) => x.speaker));
  const videoBased = new Map(withVideo.map((x, k) => [x.i, based[k]] as const));

  return segs.map((segment, i) => {
    const a = audioZ.get(i);
    const v = videoBased.get(i);
    return {
      segment,
      // A segment without words has no text evidence: missing, not the embedding of a blank.
      text: textUsable && segment.text.trim() ? (text[i]?.data ?? null) : null,
      audio: a ? Float32Array.from(AUDIO_FEATURE_NAMES, (n) => a.z[n]) : null,
      audioNamed: a ? (a.z as Named) : null,
      audioRaw: a ? (a.raw as Named) : null,
      video: v ? Float32Array.from(VIDEO_FEATURE_NAMES, (n) => v.values[n]) : null,
      videoNamed: v ? (v.values as Named) : null,
      provider: [text[i]?.provider, video[i]?.provider].filter(Boolean).join('+') || null,
    };
  });
}
