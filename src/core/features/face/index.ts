export { FaceAnalyzer, EXPRESSIONS, type Expression, type FaceAnalyzerOptions, type FrameFace } from './face-analyzer';
export type { FaceBox, DetectOptions } from './blazeface';
export type { RgbFrame } from './image';
export { chooseFace } from './choose-face';
export {
  VIDEO_FEATURE_NAMES,
  VIDEO_EXTRACTOR_VERSION,
  summarizeFaces,
  withExpressionBaseline,
  videoFeatureVector,
  type VideoFeatureName,
  type VideoFeatures,
  type FaceSegmentSummary,
} from './face-features';
