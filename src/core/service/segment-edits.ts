/**
 * Segment edits keep ids stable where they can: a split keeps the first half's id (and its label),
 * a merge keeps the first segment's id. Feature cache rows are keyed by bounds, so only the changed
 * windows are recomputed.
 */
import type { Segment } from '../../shared/types';
import { AttuneError } from '../../shared/errors';
import type { Db } from '../store/db';
import { getRecording } from '../store/recordings';
import { deleteSegment, getSegment, insertSegments, nextSegment, updateSegment } from '../store/segments';
import { newId } from './ingest';

const MIN_MS = 50;

function mustGet(db: Db, id: string): Segment {
  const seg = getSegment(db, id);
  if (!seg) throw new AttuneError('NOT_FOUND', `no segment '${id}'`);
  return seg;
}

/** Cuts the text at the word boundary nearest to the time fraction. */
export function splitText(text: string, fraction: number): [string, string] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2) return [text, ''];
  const target = text.length * fraction;
  let best = 1;
  let bestDist = Infinity;
  let pos = 0;
  for (let i = 1; i < words.length; i++) {
    pos += words[i - 1].length + 1;
    const d = Math.abs(pos - target);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

export function splitSegment(db: Db, id: string, atMs: number): [Segment, Segment] {
  const seg = mustGet(db, id);
  if (atMs - seg.startMs < MIN_MS || seg.endMs - atMs < MIN_MS) {
    throw new AttuneError('USAGE', `split point ${atMs} ms must be at least ${MIN_MS} ms inside segment ${id} (${seg.startMs}–${seg.endMs} ms)`);
  }
  const [a, b] = splitText(seg.text, (atMs - seg.startMs) / (seg.endMs - seg.startMs));
  const first: Segment = { ...seg, endMs: atMs, text: a };
  const second: Segment = { ...seg, id: newId('seg-'), startMs: atMs, text: b };
  db.transaction(() => {
    updateSegment(db, first);
    insertSegments(db, [second]);
  })();
  return [first, second];
}

export function mergeWithNext(db: Db, id: string): Segment {
  const seg = mustGet(db, id);
  const next = nextSegment(db, seg);
  if (!next) throw new AttuneError('USAGE', `segment ${id} is the last one of its recording: nothing to merge with`);
  const merged: Segment = {
    ...seg,
    endMs: Math.max(seg.endMs, next.endMs),
    text: [seg.text, next.text].filter(Boolean).join(' '),
    speaker: seg.speaker ?? next.speaker,
  };
  db.transaction(() => {
    updateSegment(db, merged);
    deleteSegment(db, next.id);
  })();
  return merged;
}

export function setBounds(db: Db, id: string, startMs: number, endMs: number): Segment {
  const seg = mustGet(db, id);
  const rec = getRecording(db, seg.recordingId);
  if (endMs - startMs < MIN_MS) throw new AttuneError('USAGE', `segment ${id} would be shorter than ${MIN_MS} ms`);
  if (rec && endMs > rec.durationMs + 1000) throw new AttuneError('USAGE', `segment ${id} would end after the recording (${rec.durationMs} ms)`);
  const updated = { ...seg, startMs, endMs };
  updateSegment(db, updated);
  return updated;
}
