/**
 * What each export format is called and the file it makes: one list for the Export view, the
 * browser host's download and the CLI (issue 12, item 3). MMSA's label.csv is a CSV: `.csv` like
 * every other CSV (the core, the host and the view had `.csv`, `label.csv` and `csv`).
 */
import type { ExportFormat } from './types';

export interface ExportFile {
  title: string;
  /** The file extension, without the dot. */
  ext: string;
  /** What the file holds, in a line. */
  note: string;
}

export const EXPORT_FILES: Record<ExportFormat, ExportFile> = {
  csv: { title: 'CSV', ext: 'csv', note: 'start, end (integer ms), speaker, text, label' },
  json: { title: 'JSON', ext: 'json', note: 'segments with labels and notes' },
  eaf: { title: 'ELAN EAF', ext: 'eaf', note: 'one tier per speaker plus a label tier; opens in ELAN' },
  textgrid: { title: 'Praat TextGrid', ext: 'TextGrid', note: 'interval tiers; opens in Praat' },
  vtt: { title: 'WebVTT', ext: 'vtt', note: 'cues with <v Speaker>' },
  mmsa: { title: 'MMSA label.csv', ext: 'csv', note: 'video_id, clip_id, text, label, label_T/A/V, annotation, mode' },
};

/** The file name an export gets unless the analyst names one: `<project>-labels.<ext>`. */
export function exportFileName(project: string, format: ExportFormat): string {
  return `${project}-labels.${EXPORT_FILES[format].ext}`;
}

/**
 * The format a label file is read as, from its extension (case ignored); `.csv` is an Attune CSV
 * (MMSA's label.csv is a CSV too: name it explicitly). Null for an extension no format writes.
 */
export function labelFormatOfFile(name: string): ExportFormat | null {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return (Object.keys(EXPORT_FILES) as ExportFormat[]).find((f) => f !== 'mmsa' && EXPORT_FILES[f].ext.toLowerCase() === ext) ?? null;
}
