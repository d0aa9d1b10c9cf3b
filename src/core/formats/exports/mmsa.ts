import path from 'node:path';
import { restoreCell, writeCsv } from '../csv-write';
import { parseCsvRows } from '../transcripts/csv-rows';
import { InputError } from '../../../shared/errors';
import type { LabelledSegment, Segment } from '../../../shared/types';
import { formatScore, parseScore, sortSegments } from './common';
import type { ExportData, ImportedLabel, ReadBack } from './types';

/**
 * MMSA's label.csv (thuiar/MMSA), so labelled clips can feed MMSA-style training:
 * video_id = recording name without extension (its id when two recordings share a name),
 * clip_id = 1-based index of the segment within its recording in time order, label = the
 * analyst's score, annotation = Positive/Negative/Neutral by its sign, mode = "train".
 * label_T/A/V are left empty: an analyst gives one multimodal score, not unimodal ones.
 * Unlabelled segments are written with empty label and mode "unlabelled", which MMSA's
 * train/valid/test filters skip, so clip ids stay aligned with the project.
 * The file has no times, so reading it back needs the project's data as reference.
 */
export const MMSA_COLUMNS = ['video_id', 'clip_id', 'text', 'label', 'label_T', 'label_A', 'label_V', 'annotation', 'mode'] as const;

interface Clip {
  videoId: string;
  clipId: number;
  segment: LabelledSegment;
}

function clips(data: ExportData): Clip[] {
  const nameCount = new Map<string, number>();
  const stem = (id: string) => {
    const r = data.recordings.find((x) => x.id === id);
    return r ? path.parse(r.name).name : id;
  };
  for (const r of data.recordings) nameCount.set(stem(r.id), (nameCount.get(stem(r.id)) ?? 0) + 1);
  const counters = new Map<string, number>();
  return sortSegments(data.segments).map((segment) => {
    const s = stem(segment.recordingId);
    const videoId = (nameCount.get(s) ?? 0) > 1 || s === '' ? segment.recordingId : s;
    const clipId = (counters.get(segment.recordingId) ?? 0) + 1;
    counters.set(segment.recordingId, clipId);
    return { videoId, clipId, segment };
  });
}

export function exportMmsa(data: ExportData): string {
  const rows = clips(data).map(({ videoId, clipId, segment: s }) => {
    const score = s.label?.score;
    const annotation = score === undefined ? '' : score > 0 ? 'Positive' : score < 0 ? 'Negative' : 'Neutral';
    return [videoId, String(clipId), s.text, score === undefined ? '' : formatScore(score), '', '', '', annotation, score === undefined ? 'unlabelled' : 'train'];
  });
  return writeCsv([[...MMSA_COLUMNS], ...rows]);
}

export function readMmsaExport(file: string, text: string, reference: ExportData | undefined): ReadBack {
  if (!reference) throw new InputError(file, 'an MMSA label.csv has no times; reading it back needs the project it was exported from');
  const rows = parseCsvRows(file, text).map((r) => ({ ...r, record: r.record.map(restoreCell) }));
  const header = rows[0].record.map((h) => h.trim());
  const col = (c: string) => header.indexOf(c);
  for (const c of ['video_id', 'clip_id', 'text', 'label', 'mode']) if (col(c) < 0) throw new InputError(file, `not an MMSA label.csv: no "${c}" column`, 1);
  const byKey = new Map(clips(reference).map((c) => [`${c.videoId}\u0000${c.clipId}`, c]));
  const segments: Segment[] = [];
  const labels: ImportedLabel[] = [];
  for (const { record: r, line } of rows.slice(1)) {
    const key = `${r[col('video_id')]}\u0000${r[col('clip_id')].trim()}`;
    const clip = byKey.get(key);
    if (!clip) throw new InputError(file, `no segment for video_id "${r[col('video_id')]}" clip_id "${r[col('clip_id')]}" in the project`, line);
    const { label: _label, ...seg } = clip.segment;
    if (seg.text !== r[col('text')]) throw new InputError(file, `clip ${r[col('clip_id')]} of "${clip.videoId}" has different text than the project's segment (exported from another project?)`, line);
    segments.push(seg);
    if (r[col('label')].trim() !== '') labels.push({ segmentId: seg.id, score: parseScore(file, r[col('label')], line), note: null, updatedAt: null });
  }
  const recIds = new Set(segments.map((s) => s.recordingId));
  return { recordings: reference.recordings.filter((r) => recIds.has(r.id)).map((r) => ({ id: r.id, name: r.name })), segments, labels };
}
