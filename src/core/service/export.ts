import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, LabelledSegment } from '../../shared/types';
import { AttuneError } from '../../shared/errors';
import { exportLabels } from '../formats/exports';
import type { Db } from '../store/db';
import { getRecording, listRecordings } from '../store/recordings';
import { labelledSegments } from './index';

function chosenSegments(db: Db, recordingId?: string): LabelledSegment[] {
  if (recordingId && !getRecording(db, recordingId)) throw new AttuneError('NOT_FOUND', `no recording '${recordingId}'`);
  const all = labelledSegments(db);
  return recordingId ? all.filter((s) => s.recordingId === recordingId) : all;
}

export function renderExport(db: Db, format: ExportFormat, recordingId?: string): string {
  return exportLabels(format, { recordings: listRecordings(db), segments: chosenSegments(db, recordingId) }, { recordingId });
}

/** Writes atomically (temp file + rename) so a crash never leaves half an export behind. */
export function writeExport(db: Db, format: ExportFormat, outPath: string, recordingId?: string): { path: string; segments: number } {
  const out = path.resolve(outPath);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new AttuneError('BAD_INPUT', `${dir}: destination folder does not exist`, { file: dir });
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new AttuneError('BAD_INPUT', 'destination is a folder, not a file', { file: out });
  const segments = chosenSegments(db, recordingId);
  const text = exportLabels(format, { recordings: listRecordings(db), segments }, { recordingId });
  const tmp = `${out}.partial-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { path: out, segments: segments.length };
}
