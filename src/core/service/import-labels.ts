/**
 * Labels made elsewhere, imported as another annotator (issue 16, item 5): an Attune CSV or JSON
 * export (matched by segment id), or an EAF / TextGrid / WebVTT file with numeric labels (matched by
 * time: the project segment of that recording overlapping the labelled span most, at least half of
 * the shorter of the two). All or nothing by default: a label that matches no segment is refused
 * with its place, and nothing is written; `partial` imports the matched ones and lists the rest.
 */
import type { Req, Res } from '../../shared/contract';
import { AttuneError, InputError } from '../../shared/errors';
import { readExportFile } from '../formats/exports';
import type { Db } from '../store/db';
import { appendLabel } from '../store/labels';
import { labelledSegments } from '../store/labelled-segments';
import { realRegularFile } from '../store/input-path';
import { listRecordings } from '../store/recordings';
import { getSegment, listSegments } from '../store/segments';

const BY_ID = new Set(['csv', 'json']);

export async function importLabels(db: Db, req: Req<'importLabels'>): Promise<Res<'importLabels'>> {
  const file = realRegularFile(req.path, 'label file');
  const recordings = listRecordings(db);
  const recordingId = req.recordingId ?? (recordings.length === 1 ? recordings[0].id : undefined);
  if (req.recordingId && !recordings.some((r) => r.id === req.recordingId)) throw new AttuneError('NOT_FOUND', `no recording ${req.recordingId}`);
  if (!BY_ID.has(req.format) && !recordingId) {
    throw new AttuneError('USAGE', `${req.format} labels are matched by time: name the recording (the project has ${recordings.length})`);
  }
  const reference = req.format === 'mmsa' ? { recordings, segments: labelledSegments(db) } : undefined;
  const read = await readExportFile(req.format, file, { recordingId, reference, ...(req.from !== undefined ? { from: req.from } : {}) });
  const own = recordingId ? listSegments(db, recordingId) : [];
  const spans = new Map(read.segments.map((s) => [s.id, s] as const));
  const matched: { segmentId: string; score: number; note: string | null }[] = [];
  const unmatched: string[] = [];
  for (const l of read.labels) {
    let target = BY_ID.has(req.format) || req.format === 'mmsa' ? getSegment(db, l.segmentId) : null;
    if (!target) {
      const span = spans.get(l.segmentId);
      if (span && own.length) {
        let best = 0;
        for (const s of own) {
          const ov = Math.min(s.endMs, span.endMs) - Math.max(s.startMs, span.startMs);
          const share = ov / Math.min(s.endMs - s.startMs, span.endMs - span.startMs);
          if (ov > 0 && share >= 0.5 && share > best) [best, target] = [share, s];
        }
      }
    }
    if (target) matched.push({ segmentId: target.id, score: l.score, note: l.note });
    else {
      const span = spans.get(l.segmentId);
      unmatched.push(span ? `${l.segmentId} (${span.startMs}-${span.endMs} ms)` : l.segmentId);
    }
  }
  if (unmatched.length && !req.partial) {
    throw new InputError(file, `${unmatched.length} of ${read.labels.length} labels match no segment of the project (first: ${unmatched[0]}); nothing imported. Import the matched ones only with partial`);
  }
  const twice = matched.map((m) => m.segmentId).filter((id, i, all) => all.indexOf(id) !== i);
  if (twice.length) throw new InputError(file, `two labels fall on segment ${twice[0]}; nothing imported`);
  db.transaction(() => {
    for (const m of matched) appendLabel(db, m.segmentId, m.score, m.note, 'import', req.annotator);
  })();
  return { annotator: req.annotator, imported: matched.length, unmatched };
}
