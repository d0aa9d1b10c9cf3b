import { restoreCell, writeCsv } from '../csv-write';
import { parseCsvRows } from '../transcripts/csv-rows';
import { InputError } from '../../../shared/errors';
import type { Segment } from '../../../shared/types';
import { formatScore, parseScore, sortSegments } from './common';
import { SCORE_COLUMNS, scoreCells } from './scores';
import type { ExportData, ImportedLabel, ReadBack } from './types';

/**
 * One row per segment, integer ms; score/note/labelled_at empty when unlabelled. With the model's
 * scores, SCORE_COLUMNS follow (empty where a segment has no prediction or a head no modality).
 * With every annotator, a `score:NAME` column each comes before them (empty where NAME did not
 * label the segment); `score` stays the gold label.
 */
export const CSV_COLUMNS = ['segment_id', 'recording_id', 'start_ms', 'end_ms', 'speaker', 'text', 'score', 'note', 'labelled_at'] as const;

export const ANNOTATOR_COLUMN_PREFIX = 'score:';

export function exportCsv(data: ExportData): string {
  const rows = sortSegments(data.segments).map((s) => [
    s.id,
    s.recordingId,
    String(s.startMs),
    String(s.endMs),
    s.speaker ?? '',
    s.text,
    s.label ? formatScore(s.label.score) : '',
    s.label?.note ?? '',
    s.label?.updatedAt ?? '',
    ...(data.annotators ?? []).map((a) => (a.labels.has(s.id) ? formatScore(a.labels.get(s.id)!.score) : '')),
    ...(data.predictions ? scoreCells(data.predictions.get(s.id)) : []),
  ]);
  const annotators = (data.annotators ?? []).map((a) => `${ANNOTATOR_COLUMN_PREFIX}${a.annotator}`);
  return writeCsv([[...CSV_COLUMNS, ...annotators, ...(data.predictions ? SCORE_COLUMNS : [])], ...rows]);
}

/** `column`: the labels are that column's ("score:Ada"); default `score`, the gold label. */
export function readCsvExport(file: string, text: string, column = 'score'): ReadBack {
  const rows = parseCsvRows(file, text).map((r) => ({ ...r, record: r.record.map(restoreCell) }));
  const header = rows[0].record.map((h) => h.trim());
  const col = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = CSV_COLUMNS.filter((c) => col[c] < 0);
  if (missing.length) throw new InputError(file, `not an Attune label CSV: missing column(s) ${missing.join(', ')}`, 1);
  const scoreCol = header.indexOf(column);
  if (scoreCol < 0) throw new InputError(file, `no column "${column}" (columns: ${header.join(', ')})`, 1);
  // Another column's labels have no note or time of their own in the file.
  const own = column === 'score';
  const segments: Segment[] = [];
  const labels: ImportedLabel[] = [];
  const recordings = new Set<string>();
  for (const { record: r, line } of rows.slice(1)) {
    const int = (c: 'start_ms' | 'end_ms') => {
      if (!/^\d+$/.test(r[col[c]].trim())) throw new InputError(file, `${c} "${r[col[c]].slice(0, 30)}" is not a whole number of ms`, line);
      return Number(r[col[c]]);
    };
    const seg: Segment = {
      id: r[col.segment_id],
      recordingId: r[col.recording_id],
      startMs: int('start_ms'),
      endMs: int('end_ms'),
      speaker: r[col.speaker] || null,
      text: r[col.text],
    };
    if (!seg.id) throw new InputError(file, 'empty segment_id', line);
    if (seg.endMs < seg.startMs) throw new InputError(file, 'segment ends before it starts', line);
    segments.push(seg);
    recordings.add(seg.recordingId);
    if ((r[scoreCol] ?? '').trim() !== '') {
      labels.push({ segmentId: seg.id, score: parseScore(file, r[scoreCol], line), note: own ? r[col.note] || null : null, updatedAt: own ? r[col.labelled_at] || null : null });
    }
  }
  return { recordings: [...recordings].map((id) => ({ id, name: id })), segments, labels };
}
