/**
 * Voice features for all segments of one recording at once: raw per-segment records plus z-scores
 * against each speaker's own statistics in that recording. The z-scores depend on every segment of
 * the speaker, so a cache should keep the raw records and renormalise (cheap) when any changes.
 */
import { normalizePerSpeaker, type NormalizedRow } from './normalize';
import { computeVoiceFeatures, type AudioFeatureName, type VoiceFeatureOptions } from './voice-features';

export interface VoiceSegmentInput extends Omit<VoiceFeatureOptions, 'pitch'> {
  speaker: string | null;
  /** The segment's 16 kHz mono PCM. */
  pcm: Float32Array;
}

export function voiceFeaturesForRecording(segments: VoiceSegmentInput[]): NormalizedRow<AudioFeatureName>[] {
  return normalizePerSpeaker(segments.map((s) => ({ speaker: s.speaker, values: computeVoiceFeatures(s.pcm, s) })));
}
