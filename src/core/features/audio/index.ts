export {
  AUDIO_FEATURE_NAMES,
  AUDIO_EXTRACTOR_VERSION,
  computeVoiceFeatures,
  audioFeatureVector,
  countWords,
  type AudioFeatureName,
  type AudioFeatures,
  type VoiceFeatureOptions,
} from './voice-features';
export { normalizePerSpeaker, type SpeakerRow, type NormalizedRow } from './normalize';
export { trackPitch, type PitchTrack, type PitchOptions } from './pitch';
export { voiceFeaturesForRecording, type VoiceSegmentInput } from './recording';
