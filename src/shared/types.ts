/** Times are integer milliseconds everywhere (DESIGN.md §2). */

/** One transcript cue as parsed from a file, before segmentation. */
export interface Cue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  /** 1-based line in the source file where the cue starts, for error messages. */
  line?: number;
}

export interface Recording {
  id: string;
  name: string;
  mediaPath: string;
  transcriptPath: string | null;
  durationMs: number;
  /** Container start offset (ffprobe format.start_time), ms. */
  startOffsetMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
  width: number | null;
  height: number | null;
  importedAt: string;
}

export interface Segment {
  id: string;
  recordingId: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

export interface Label {
  segmentId: string;
  score: number;
  note: string | null;
  updatedAt: string;
}

/** A segment with its current label, as exporters and importers exchange them. */
export interface LabelledSegment extends Segment {
  label: Label | null;
}

export const SCORE_MIN = -3;
export const SCORE_MAX = 3;

export type ExportFormat = 'csv' | 'json' | 'eaf' | 'textgrid' | 'vtt' | 'mmsa';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'eaf', 'textgrid', 'vtt', 'mmsa'];

export type ExecutionProvider = 'auto' | 'cpu' | 'cuda' | 'webgpu';

export interface ModalityScores {
  text: number;
  audio: number;
  video: number;
  fused: number;
}

export interface Prediction {
  segmentId: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  scores: ModalityScores;
  /** sd of each head's predictive distribution (80 % interval = score ± 1.2816 sd, src/shared/uncertainty.ts); null where a head has none. */
  spread: ModalitySpreads;
  /** P(the truth has the fused score's sign) under the fused interval. */
  confidence: number;
  modelVersion: string;
  /**
   * Whether the segment has each modality at all: no video stream (an audio-only recording) means
   * no face score, whatever the face head outputs for a missing input; the fusion weighs it by 0.
   */
  present?: { text: boolean; audio: boolean; video: boolean };
}

export type ModalitySpreads = { [K in keyof ModalityScores]: number | null };
