import { readFile } from 'node:fs/promises';
import type { ExportFormat } from '../../../shared/types';
import { decodeTranscript } from '../transcripts/decode';
import { parseJsonText } from '../transcripts/json-text';
import { exportCsv, readCsvExport } from './csv';
import { exportJson, readJsonExport } from './json';
import { exportEaf } from './eaf';
import { readEafExport } from './eaf-read';
import { exportTextGrid, readTextGridExport } from './textgrid';
import { exportVtt, readVttExport } from './vtt';
import { exportMmsa, readMmsaExport } from './mmsa';
import type { ExportData, ExportOptions, ReadBack, ReadExportOptions } from './types';

export type { ExportData, ExportOptions, ImportedLabel, ReadBack, ReadExportOptions } from './types';

/** Writes segments and their current labels in one of the export formats; returns the file text. */
export function exportLabels(format: ExportFormat, data: ExportData, options?: ExportOptions): string {
  switch (format) {
    case 'csv':
      return exportCsv(data);
    case 'json':
      return exportJson(data);
    case 'eaf':
      return exportEaf(data, options);
    case 'textgrid':
      return exportTextGrid(data, options);
    case 'vtt':
      return exportVtt(data, options);
    case 'mmsa':
      return exportMmsa(data);
  }
}


/** Reads an export back into segments and labels. Every format can be read; MMSA needs `reference`. */
export function readExport(format: ExportFormat, text: string, options: ReadExportOptions = {}): ReadBack {
  const file = options.file ?? `${format} export`;
  const rec = options.recordingId;
  switch (format) {
    case 'csv':
      return readCsvExport(file, text, options.from);
    case 'json':
      return readJsonExport(file, parseJsonText(file, text), options.from);
    case 'eaf':
      return readEafExport(file, text, rec, options.from);
    case 'textgrid':
      return readTextGridExport(file, text, rec, options.from);
    case 'vtt':
      return readVttExport(file, text, rec);
    case 'mmsa':
      return readMmsaExport(file, text, options.reference);
  }
}

/** readExport on a file, decoded as strictly as transcripts are. */
export async function readExportFile(format: ExportFormat, filePath: string, options: Omit<ReadExportOptions, 'file'> = {}): Promise<ReadBack> {
  const bytes = await readFile(filePath);
  return readExport(format, decodeTranscript(filePath, bytes), { ...options, file: filePath });
}
