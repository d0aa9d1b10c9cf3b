import type { Label, LabelledSegment, Prediction, Recording, Segment } from '../../../shared/types';

/** What an export is written from: the recordings (for media names) and their labelled segments. */
export interface ExportData {
  recordings: Recording[];
  segments: LabelledSegment[];
  /** ISO time stamped into formats that carry one; defaults to now. */
  exportedAt?: string;
  /**
   * The model's scores by segment (the active version's), for an export that includes them (CSV
   * columns, a JSON `predictions` list); absent: a label-only export.
   */
  predictions?: Map<string, Prediction>;
  /**
   * Each annotator's own current labels by segment, for an export of every annotator (EAF/TextGrid:
   * a tier each, CSV: a column each, JSON: `annotatorLabels`); absent: the gold label only.
   */
  annotators?: { annotator: string; labels: Map<string, Label> }[];
}

export interface ExportOptions {
  /**
   * EAF, TextGrid and WebVTT hold one timeline; with segments from several recordings, name the
   * one to write (otherwise they refuse rather than overlay unrelated times).
   */
  recordingId?: string;
}

/** A label as read back from a file: note and time exist only where the format carries them. */
export interface ImportedLabel {
  segmentId: string;
  score: number;
  note: string | null;
  updatedAt: string | null;
}

export interface ReadBack {
  recordings: { id: string; name: string }[];
  segments: Segment[];
  labels: ImportedLabel[];
}

export interface ReadExportOptions {
  /** Name used in error messages (defaults to "<format> export"). */
  file?: string;
  /** Recording id for formats that do not carry one (TextGrid, foreign EAF/VTT). */
  recordingId?: string;
  /** MMSA label.csv has no times: it is read back against the project's data. */
  reference?: ExportData;
  /**
   * Which labels of the file to read, for a file that holds several sets (an export of every
   * annotator): EAF and TextGrid, the tier ("sentiment:Ada", or any tier of numbers; its " #2"
   * lanes too); CSV, the column ("score:Ada"); JSON, the annotator of `annotatorLabels` ("Ada").
   * Default: the gold labels (the `sentiment` tiers, the `score` column, `labels`).
   */
  from?: string;
}
