/** Times are integer milliseconds everywhere. */
import type { z } from 'zod';
import { ExportFormatSchema, LabelSchema, ModalityScoresSchema, PredictionSchema, ProviderSchema, RecordingSchema, SCORE_MAX, SCORE_MIN, SegmentSchema } from './contract/schemas';

/** One transcript cue as parsed from a file, before segmentation. */
export interface Cue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  /** 1-based line in the source file where the cue starts, for error messages. */
  line?: number;
}

/** The contract's records (contract/schemas.ts), as types: one definition each. */
export type Recording = z.infer<typeof RecordingSchema>;
export type Segment = z.infer<typeof SegmentSchema>;
export type Label = z.infer<typeof LabelSchema>;

/** A segment with its current label, as exporters and importers exchange them. */
export interface LabelledSegment extends Segment {
  label: Label | null;
}

export { SCORE_MAX, SCORE_MIN };

export type ExportFormat = z.infer<typeof ExportFormatSchema>;
/** Every export format, in the contract's order (the CLI's --format, the Export view). */
export const EXPORT_FORMATS: readonly ExportFormat[] = ExportFormatSchema.options;

export type ExecutionProvider = z.infer<typeof ProviderSchema>;
/** Every execution provider (`--ep`, doctor): auto tries CUDA, then WebGPU, then CPU. */
export const PROVIDERS: readonly ExecutionProvider[] = ProviderSchema.options;

export type ModalityScores = z.infer<typeof ModalityScoresSchema>;
/** sd of each head's predictive distribution (80 % interval = score ± 1.2816 sd, src/shared/uncertainty.ts); null where a head has none. */
export type ModalitySpreads = { [K in keyof ModalityScores]: number | null };
/**
 * One segment's scores: `spread` per head, `confidence` = P(the truth has the fused score's sign)
 * under the fused interval, `present` whether the segment has each modality at all (no video
 * stream: no face score, whatever the face head outputs; the fusion weighs it by 0).
 */
export type Prediction = z.infer<typeof PredictionSchema>;
