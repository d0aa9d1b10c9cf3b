/**
 * The analyst's edits: labels and segment bounds, each written through the contract and recorded
 * as an undo entry that reverses it through the contract too.
 */
import { History } from '../actions/history';
import { select } from './navigation';
import { currentMs, pause } from './player';
import { getApi, refreshLabels, refreshQueue, refreshSegments, report } from './session';
import { clearNotices, currentSegments, findSegment, getState, pushNotice, setState, type Label, type SaveState, type Segment, type State } from './store';

export const history = new History((undo, redo) => setState({ undoDepth: undo, redoDepth: redo }));

/** The newest write per segment: only its outcome may say `saved` or `not saved` for the row. */
const newestWrite = new Map<string, number>();
let writes = 0;

/**
 * The label each segment will have once the writes on their way land: a score key pressed right
 * after a note was saved on blur must keep that note, not the one the window still shows.
 */
const requested = new Map<string, { score: number; note: string | null } | null>();

async function writeLabel(segmentId: string, value: { score: number; note: string | null } | null): Promise<void> {
  const n = ++writes;
  newestWrite.set(segmentId, n);
  requested.set(segmentId, value);
  // An older write that settles while a newer one is still on its way leaves the row `saving`.
  const saveState = (s: State, to: SaveState) => (newestWrite.get(segmentId) === n ? new Map(s.saveState).set(segmentId, to) : s.saveState);
  setState((s) => ({ saveState: saveState(s, 'saving') }));
  try {
    if (value) {
      const label = await getApi().setLabel({ segmentId, score: value.score, note: value.note });
      setState((s) => ({ labels: new Map(s.labels).set(segmentId, label), saveState: saveState(s, 'saved') }));
    } else {
      await getApi().clearLabel({ segmentId });
      setState((s) => {
        const labels = new Map(s.labels);
        labels.delete(segmentId);
        return { labels, saveState: saveState(s, 'saved') };
      });
    }
  } catch (err) {
    setState((s) => ({ saveState: saveState(s, 'error') }));
    if (newestWrite.get(segmentId) === n) requested.delete(segmentId);
    throw err;
  }
  // Settled: the state holds what was asked for.
  if (newestWrite.get(segmentId) === n) requested.delete(segmentId);
  // A label write that failed before (its notice still up) went through now.
  clearNotices(`label:${segmentId}`);
}

function snapshot(l: Label | undefined): { score: number; note: string | null } | null {
  return l ? { score: l.score, note: l.note } : null;
}

/** The segment's label as the newest write asked for it (else as stored). */
function current(segmentId: string): { score: number; note: string | null } | null {
  return requested.has(segmentId) ? requested.get(segmentId)! : snapshot(getState().labels.get(segmentId));
}

export async function setLabel(segmentId: string, score: number, note?: string | null): Promise<boolean> {
  const before = current(segmentId);
  const after = { score, note: note === undefined ? (before?.note ?? null) : note };
  try {
    await writeLabel(segmentId, after);
  } catch (err) {
    report(err, `label:${segmentId}`);
    return false;
  }
  history.push({
    label: `score ${score > 0 ? '+' : ''}${score}`,
    undo: () => writeLabel(live(segmentId), before).then(() => select(live(segmentId))),
    redo: () => writeLabel(live(segmentId), after).then(() => select(live(segmentId))),
  });
  void refreshQueue();
  return true;
}

/** Removes the analyst's label: a clearing event in the label history, undoable like a score. */
export async function clearLabel(segmentId: string): Promise<boolean> {
  const before = current(segmentId);
  if (!before) {
    pushNotice('info', 'This segment has no label to clear.');
    return false;
  }
  try {
    await writeLabel(segmentId, null);
  } catch (err) {
    report(err, `label:${segmentId}`);
    return false;
  }
  history.push({
    label: 'clear label',
    undo: () => writeLabel(live(segmentId), before).then(() => select(live(segmentId))),
    redo: () => writeLabel(live(segmentId), null).then(() => select(live(segmentId))),
  });
  void refreshQueue();
  return true;
}

export async function undo(): Promise<void> {
  try {
    await history.undo();
  } catch (err) {
    report(err);
  }
  await refreshAfterEdit();
}

export async function redo(): Promise<void> {
  try {
    await history.redo();
  } catch (err) {
    report(err);
  }
  await refreshAfterEdit();
}

async function refreshAfterEdit(): Promise<void> {
  await Promise.all([refreshSegments(), refreshLabels()]).catch(report);
}

// ---- segment edits ----

/**
 * The backend keeps the first segment's id through a split or a merge, but a segment that undo or
 * redo brings back (the second half of a split, the segment a merge swallowed) gets a new id. Each
 * such id is recorded here against the one it replaces, and history entries look their segments
 * up through it, so an earlier label or nudge of that segment still undoes and redoes.
 */
const renamed = new Map<string, string>();
function live(id: string): string {
  for (let next = renamed.get(id); next !== undefined; next = renamed.get(id)) id = next;
  return id;
}

/** The segment the backend merges `seg` with: the first after it by start, then by id. */
function nextOf(seg: Segment): Segment | undefined {
  const after = (x: Segment, y: Segment) => x.startMs > y.startMs || (x.startMs === y.startMs && x.id > y.id);
  let best: Segment | undefined;
  for (const x of currentSegments(getState())) if (after(x, seg) && (!best || after(best, x))) best = x;
  return best;
}

/** Merging `firstId` must join `secondId` and nothing else (cross-talk can start between them). */
async function mergeTarget(what: string, firstId: string, secondId: string): Promise<void> {
  // A quick second Ctrl+Z runs before the first one's refresh: look at the segments as they are.
  await refreshSegments();
  const first = findSegment(getState(), firstId);
  const next = first && nextOf(first);
  if (next?.id !== secondId) throw new Error(`Cannot ${what}: another segment now comes between the two parts, and merging would join that one instead.`);
}

function selectedSegment(): Segment | null {
  const s = getState();
  return findSegment(s, s.selectedId);
}

export async function splitAtPlayhead(): Promise<void> {
  const seg = selectedSegment();
  if (!seg) return;
  const atMs = currentMs();
  if (atMs <= seg.startMs || atMs >= seg.endMs) {
    pushNotice('info', 'Move the playhead inside the selected segment to split it there.');
    return;
  }
  pause();
  let parts: { first: string; second: string };
  try {
    const [a, b] = await getApi().splitSegment({ segmentId: seg.id, atMs });
    parts = { first: a.id, second: b.id };
    await refreshAfterEdit();
    select(a.id, { seek: false });
  } catch (err) {
    report(err);
    return;
  }
  history.push({
    label: 'split',
    undo: async () => {
      await mergeTarget('undo the split', live(parts.first), live(parts.second));
      const merged = await getApi().mergeSegments({ segmentId: live(parts.first) });
      select(merged.id, { seek: false });
    },
    redo: async () => {
      const [a, b] = await getApi().splitSegment({ segmentId: live(parts.first), atMs });
      renamed.set(live(parts.second), b.id);
      select(a.id, { seek: false });
    },
  });
}

const fmtScore = (v: number) => (v > 0 ? `+${v}` : `${v}`);

/**
 * M joins the selected segment with the next one of the same speaker. Across speakers it is
 * refused with a notice (the merged segment would give one person's words to another), and so is
 * a pair labelled with two different scores (the analyst says which one the utterance has). Undo
 * is the backend's exact inverse: both rows come back with their ids, speaker, text, labels and
 * predictions.
 */
export async function mergeWithNext(): Promise<void> {
  const seg = selectedSegment();
  if (!seg) return;
  const next = nextOf(seg);
  if (!next) {
    pushNotice('info', 'The last segment has nothing after it to merge with.');
    return;
  }
  if ((seg.speaker ?? '') !== (next.speaker ?? '')) {
    pushNotice('warning', `Not merged: the next segment is ${next.speaker ?? 'without a speaker'}'s, this one is ${seg.speaker ?? 'without a speaker'}'s. Merge joins one speaker's segments only.`);
    return;
  }
  const la = getState().labels.get(seg.id);
  const lb = getState().labels.get(next.id);
  if (la && lb && la.score !== lb.score) {
    pushNotice('warning', `Not merged: both segments are labelled, ${fmtScore(la.score)} and ${fmtScore(lb.score)}. Clear or change one label first, so the merged segment has the score you mean.`);
    return;
  }
  const firstId = seg.id;
  const secondId = next.id;
  try {
    const merged = await getApi().mergeSegments({ segmentId: firstId });
    await refreshAfterEdit();
    select(merged.id, { seek: false });
  } catch (err) {
    report(err);
    return;
  }
  history.push({
    label: 'merge',
    undo: async () => {
      const [a] = await getApi().unmergeSegments({ segmentId: live(firstId), swallowedId: secondId });
      select(a.id, { seek: false });
    },
    redo: async () => {
      await mergeTarget('redo the merge', live(firstId), secondId);
      const merged = await getApi().mergeSegments({ segmentId: live(firstId) });
      select(merged.id, { seek: false });
    },
  });
}

export async function nudge(edge: 'start' | 'end', deltaMs: number): Promise<void> {
  const seg = selectedSegment();
  if (!seg) return;
  const before = { startMs: seg.startMs, endMs: seg.endMs };
  const after = edge === 'start' ? { startMs: Math.max(0, seg.startMs + deltaMs), endMs: seg.endMs } : { startMs: seg.startMs, endMs: seg.endMs + deltaMs };
  if (after.endMs - after.startMs < 10) return;
  try {
    await getApi().updateSegmentBounds({ segmentId: seg.id, ...after });
    await refreshSegments();
  } catch (err) {
    report(err);
    return;
  }
  history.push({
    label: `nudge ${edge}`,
    undo: async () => {
      await getApi().updateSegmentBounds({ segmentId: live(seg.id), ...before });
    },
    redo: async () => {
      await getApi().updateSegmentBounds({ segmentId: live(seg.id), ...after });
    },
  });
}
