import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../shared/types';
import { AttuneError } from '../../shared/errors';
import { exportLabels } from '../formats/exports';
import type { Db } from '../store/db';
import { listRecordings } from '../store/recordings';
import { labelledSegments } from './index';

/** Writes atomically (temp file + rename) so a crash never leaves half an export behind. */
export function writeExport(db: Db, format: ExportFormat, outPath: string): { path: string; segments: number } {
  const out = path.resolve(outPath);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new AttuneError('BAD_INPUT', `${dir}: destination folder does not exist`, { file: dir });
  const segments = labelledSegments(db);
  const text = renderExport(db, format, segments);
  const tmp = `${out}.partial-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  return { path: out, segments: segments.length };
}

export function renderExport(db: Db, format: ExportFormat, segments = labelledSegments(db)): string {
  return exportLabels(format, { recordings: listRecordings(db), segments });
}
