/**
 * Segment edits keep ids stable where they can: a split keeps the first half's id (and its label),
 * a merge keeps the first segment's id. Feature cache rows are keyed by bounds, so only the changed
 * windows are recomputed.
 */
import type { Segment } from '../../shared/types';
import { AttuneError } from '../../shared/errors';
import { joinText, wordCuts } from '../../shared/text/units';
import type { Db } from '../store/db';
import { getRecording } from '../store/recordings';
import { appendLabel, getLabel, segmentOwnLabels, type OwnLabel } from '../store/labels';
import { carryLabelsOnMerge, refuseOwnConflicts, restoreLabelsOnUnmerge } from './merge-labels';
import { deleteSegment, getSegment, insertSegments, nextSegment, updateSegment } from '../store/segments';
import { newId } from '../store/ids';
import { deleteTextFeatures } from '../store/features';
import { deleteSegmentPredictions } from '../store/predictions';
import { deleteMerge, insertMerge, latestMerge, rawPredictionRows, rawSegmentRow, restoreRows, restoreSegmentFields, type RawRow } from '../store/segment-merges';

const MIN_MS = 50;

function mustGet(db: Db, id: string): Segment {
  const seg = getSegment(db, id);
  if (!seg) throw new AttuneError('NOT_FOUND', `no segment '${id}'`);
  return seg;
}

/**
 * Cuts the text at the word boundary nearest to the time fraction. Boundaries come from
 * Intl.Segmenter (shared/text/units), so Japanese, written without spaces, splits between words too;
 * the halves are slices of the text, its spacing kept.
 */
export function splitText(text: string, fraction: number): [string, string] {
  const cuts = wordCuts(text);
  if (cuts.length === 0) return [text, ''];
  const target = text.length * fraction;
  const best = cuts.reduce((b, c) => (Math.abs(c - target) < Math.abs(b - target) ? c : b));
  return [text.slice(0, best).trim(), text.slice(best).trim()];
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
    dropPredictions(db, [first.id]);
  })();
  return [first, second];
}

interface MergeStash {
  first: RawRow;
  second: RawRow;
  /** The first segment's label (score and note) before the merge; null = none. */
  firstLabel: { score: number; note: string | null } | null;
  /** Each annotator's own label of the first segment before the merge (absent in merges stored before annotators). */
  firstLabels?: OwnLabel[];
  predictions: RawRow[];
}

/**
 * Drops the stored predictions of segments whose bounds or text changed: they scored another
 * window. The UI shows "—" for them until the background analysis scores the new window.
 */
const dropPredictions = deleteSegmentPredictions;

const fmtScore = (v: number) => (v > 0 ? `+${v}` : `${v}`);

/**
 * Joins a segment with the next one of the same speaker. Refused across speakers (the merged
 * segment would put one person's words in another's mouth) and when both are labelled with
 * different scores (which one the utterance has is the analyst's call: clear or change one first).
 * The merged segment keeps the first one's id, and every annotator keeps their own label of it
 * (merge-labels.ts: the first's, else the second's carried over; one annotator's different scores
 * refuse the merge). The second segment's own label events stay in the history under its id, and everything the merge
 * replaced is stored so that `unmergeSegments` puts back exactly those rows.
 */
export function mergeWithNext(db: Db, id: string): Segment {
  const seg = mustGet(db, id);
  const next = nextSegment(db, seg);
  if (!next) throw new AttuneError('USAGE', `segment ${id} is the last one of its recording: nothing to merge with`);
  if ((seg.speaker ?? '') !== (next.speaker ?? '')) {
    throw new AttuneError('USAGE', `Cannot merge: the next segment is ${next.speaker ?? 'without a speaker'}'s, this one is ${seg.speaker ?? 'without a speaker'}'s. Merge joins one speaker's segments only.`);
  }
  const la = getLabel(db, seg.id);
  const lb = getLabel(db, next.id);
  if (la && lb && la.score !== lb.score) {
    throw new AttuneError('USAGE', `Cannot merge: both segments are labelled, ${fmtScore(la.score)} and ${fmtScore(lb.score)}. Clear or change one label first, so the merged segment has the score you mean.`);
  }
  refuseOwnConflicts(db, seg.id, next.id);
  const merged: Segment = {
    ...seg,
    endMs: Math.max(seg.endMs, next.endMs),
    text: joinText(seg.text, next.text),
  };
  db.transaction(() => {
    const stash: MergeStash = {
      first: rawSegmentRow(db, seg.id),
      second: rawSegmentRow(db, next.id),
      firstLabel: la ? { score: la.score, note: la.note } : null,
      firstLabels: segmentOwnLabels(db, seg.id),
      predictions: rawPredictionRows(db, [seg.id, next.id]),
    };
    insertMerge(db, seg.id, next.id, JSON.stringify(stash), JSON.stringify(merged));
    updateSegment(db, merged);
    deleteSegment(db, next.id);
    dropPredictions(db, [seg.id, next.id]);
    carryLabelsOnMerge(db, seg.id, next.id);
  })();
  return merged;
}

/**
 * The exact inverse of the latest merge of `segmentId` with `swallowedId`: both segment rows come
 * back as they were stored (ids, bounds, speaker, text), with their predictions; each annotator's
 * own label of the first is put back by a new event if the merge changed it (the second's never moved). Refused if
 * the merged segment changed since (undo the later edits first).
 */
export function unmergeSegments(db: Db, segmentId: string, swallowedId: string): [Segment, Segment] {
  const row = latestMerge(db, segmentId, swallowedId);
  if (!row) throw new AttuneError('NOT_FOUND', `no merge of ${segmentId} with ${swallowedId} to undo`);
  const now = mustGet(db, segmentId);
  const merged = JSON.parse(row.merged_json) as Segment;
  if (now.startMs !== merged.startMs || now.endMs !== merged.endMs || now.text !== merged.text || now.speaker !== merged.speaker) {
    throw new AttuneError('CONFLICT', `Cannot undo the merge: segment ${segmentId} changed since (undo the later edits first).`);
  }
  if (getSegment(db, swallowedId)) throw new AttuneError('CONFLICT', `Cannot undo the merge: segment ${swallowedId} exists again.`);
  const stash = JSON.parse(row.before_json) as MergeStash;
  db.transaction(() => {
    restoreSegmentFields(db, segmentId, stash.first);
    restoreRows(db, 'segments', [stash.second]);
    dropPredictions(db, [segmentId, swallowedId]);
    restoreRows(db, 'predictions', stash.predictions);
    if (stash.firstLabels) restoreLabelsOnUnmerge(db, segmentId, stash.firstLabels);
    else {
      // A merge stored before annotators: its one label, as it was then.
      const label = getLabel(db, segmentId);
      const was = stash.firstLabel;
      if ((label?.score ?? null) !== (was?.score ?? null) || (label?.note ?? null) !== (was?.note ?? null)) appendLabel(db, segmentId, was?.score ?? null, was?.note ?? null, 'unmerge');
    }
    deleteMerge(db, row.seq);
  })();
  return [mustGet(db, segmentId), mustGet(db, swallowedId)];
}

export function setBounds(db: Db, id: string, startMs: number, endMs: number): Segment {
  const seg = mustGet(db, id);
  const rec = getRecording(db, seg.recordingId);
  if (endMs - startMs < MIN_MS) throw new AttuneError('USAGE', `segment ${id} would be shorter than ${MIN_MS} ms`);
  if (rec && endMs > rec.durationMs + 1000) throw new AttuneError('USAGE', `segment ${id} would end after the recording (${rec.durationMs} ms)`);
  const updated = { ...seg, startMs, endMs };
  db.transaction(() => {
    updateSegment(db, updated);
    dropPredictions(db, [id]);
  })();
  return updated;
}

/** Longest utterance text and speaker name an edit may set. */
export const MAX_TEXT = 10_000;

/**
 * Sets a segment's words (an analyst fixing the transcript). The text features of its window are
 * cached by bounds, not by words, so they are dropped with its predictions: the next analysis
 * encodes the new words (the background re-score after an edit, or `attune analyze`).
 */
export function setText(db: Db, id: string, text: string): Segment {
  const seg = mustGet(db, id);
  if (text.length > MAX_TEXT) throw new AttuneError('USAGE', `the text of segment ${id} would be longer than ${MAX_TEXT} characters`);
  if (text === seg.text) return seg;
  const updated = { ...seg, text };
  db.transaction(() => {
    updateSegment(db, updated);
    deleteTextFeatures(db, seg);
    dropPredictions(db, [id]);
  })();
  return updated;
}

/**
 * Gives segments a speaker (null: none): one segment reassigned, or every segment of a speaker
 * renamed at once. All or nothing: an unknown id changes none. A name is trimmed and may not be
 * empty. Voice and face features are normalised per speaker, so the caller re-scores the recording.
 */
export function setSpeaker(db: Db, ids: string[], speaker: string | null): Segment[] {
  const name = speaker === null ? null : speaker.trim();
  if (name === '') throw new AttuneError('USAGE', 'a speaker name may not be empty (null: no speaker)');
  if (name !== null && name.length > 200) throw new AttuneError('USAGE', 'a speaker name may be at most 200 characters');
  const segs = [...new Set(ids)].map((id) => mustGet(db, id));
  const out = segs.map((s) => ({ ...s, speaker: name }));
  db.transaction(() => {
    for (const s of out) updateSegment(db, s);
  })();
  return out;
}
