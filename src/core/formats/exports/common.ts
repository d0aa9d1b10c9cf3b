import path from 'node:path';
import { AttuneError, InputError } from '../../../shared/errors';
import { SCORE_MAX, SCORE_MIN, type LabelledSegment, type Recording } from '../../../shared/types';
import type { ExportData, ExportOptions } from './types';

export function sortSegments<T extends LabelledSegment>(segments: readonly T[]): T[] {
  return [...segments].sort((a, b) => (a.recordingId < b.recordingId ? -1 : a.recordingId > b.recordingId ? 1 : a.startMs - b.startMs || a.endMs - b.endMs));
}

/** The one recording a timeline format (EAF, TextGrid, WebVTT) is written for, and its segments. */
export function singleTimeline(format: string, data: ExportData, options: ExportOptions = {}): { recording: Recording | null; segments: LabelledSegment[] } {
  let segments = data.segments;
  if (options.recordingId !== undefined) {
    segments = segments.filter((s) => s.recordingId === options.recordingId);
  } else {
    const ids = [...new Set(segments.map((s) => s.recordingId))];
    if (ids.length > 1) {
      const names = ids.map((id) => data.recordings.find((r) => r.id === id)?.name ?? id);
      throw new AttuneError('USAGE', `${format} holds one recording's timeline, and these segments come from ${ids.length} recordings (${names.join(', ')}); export one recording at a time`);
    }
  }
  const recId = options.recordingId ?? segments[0]?.recordingId ?? (data.recordings.length === 1 ? data.recordings[0].id : undefined);
  const recording = data.recordings.find((r) => r.id === recId) ?? null;
  return { recording, segments: sortSegments(segments) };
}

/** Greedy lanes: each item goes to the first lane whose last item ended by its start (ELAN and Praat tiers cannot overlap). */
export function assignLanes<T extends { startMs: number; endMs: number }>(items: readonly T[]): T[][] {
  const lanes: T[][] = [];
  const sorted = [...items].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  for (const it of sorted) {
    const lane = lanes.find((l) => l[l.length - 1].endMs <= it.startMs);
    if (lane) lane.push(it);
    else lanes.push([it]);
  }
  return lanes;
}

/** Shortest decimal that reads back to the same double. */
export function formatScore(score: number): string {
  return String(score);
}

export function parseScore(file: string, raw: string, line?: number, where = ''): number {
  const v = raw.trim();
  const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < SCORE_MIN || n > SCORE_MAX) {
    throw new InputError(file, `${where}score "${v.slice(0, 40)}" is not a number in [${SCORE_MIN}, ${SCORE_MAX}]`, line);
  }
  return n;
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/x-wav',
  '.mp3': 'audio/mpeg',
};

export function mimeTypeOf(mediaPath: string): string {
  return MIME[path.extname(mediaPath).toLowerCase()] ?? 'application/octet-stream';
}

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the rest escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
