/**
 * The feature cache lives in store/features.ts with the rest of the SQL (issue 12); this name stays
 * for the callers not moved yet (analysis/features.ts, scripts/train/faces.ts).
 */
export { FeatureCache, textKey, type CachedFeature, type Modality } from '../store/features';
