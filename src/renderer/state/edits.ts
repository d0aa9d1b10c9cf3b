/**
 * The analyst's edits: labels and segment bounds, each written through the contract and recorded
 * as an undo entry that reverses it through the contract too.
 */
import { annotatorField } from './annotator';
import { t } from '../i18n';
import { UNDO_LIMIT, type Res } from '../../shared/contract';
import { History, type HistoryEntry } from '../actions/history';
import { select } from './navigation';
import { currentMs, pause } from './player';
import { getApi, refreshLabels, refreshQueue, refreshSegments, report } from './session';
import { clearNotices, currentSegments, findSegment, getState, pushNotice, setState, type Label, type SaveState, type Segment, type State } from './store';

/** One undoable analyst command as data (the contract's EditCommandSchema): what the project stores. */
export type EditCommand = Res<'undoStack'>['done'][number];

export const history = new History<EditCommand>((undo, redo) => {
  setState({ undoDepth: undo, redoDepth: redo });
  persistHistory();
}, UNDO_LIMIT);

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
      const label = await getApi().setLabel({ segmentId, score: value.score, note: value.note, ...annotatorField() });
      setState((s) => ({ labels: new Map(s.labels).set(segmentId, label), saveState: saveState(s, 'saved') }));
    } else {
      await getApi().clearLabel({ segmentId, ...annotatorField() });
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
  record({ kind: 'label', segmentId, before, after });
  void refreshQueue();
  return true;
}

/** Removes the analyst's label: a clearing event in the label history, undoable like a score. */
export async function clearLabel(segmentId: string): Promise<boolean> {
  const before = current(segmentId);
  if (!before) {
    pushNotice('info', t('edit.noLabel'));
    return false;
  }
  try {
    await writeLabel(segmentId, null);
  } catch (err) {
    report(err, `label:${segmentId}`);
    return false;
  }
  record({ kind: 'label', segmentId, before, after: null });
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
  if (next?.id !== secondId) throw new Error(t('edit.between', { what }));
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
    pushNotice('info', t('edit.splitOutside'));
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
  record({ kind: 'split', first: parts.first, second: parts.second, atMs });
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
    pushNotice('info', t('edit.lastSegment'));
    return;
  }
  if ((seg.speaker ?? '') !== (next.speaker ?? '')) {
    pushNotice('warning', t('edit.otherSpeaker', { next: next.speaker ?? t('edit.noSpeaker'), this: seg.speaker ?? t('edit.noSpeaker') }));
    return;
  }
  const la = getState().labels.get(seg.id);
  const lb = getState().labels.get(next.id);
  if (la && lb && la.score !== lb.score) {
    pushNotice('warning', t('edit.twoLabels', { a: fmtScore(la.score), b: fmtScore(lb.score) }));
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
  record({ kind: 'merge', first: firstId, second: secondId });
}

export async function nudge(edge: 'start' | 'end', deltaMs: number): Promise<void> {
  const seg = selectedSegment();
  if (!seg) return;
  await setEdge(seg.id, edge, edge === 'start' ? Math.max(0, seg.startMs + deltaMs) : seg.endMs + deltaMs);
}

/** Moves one edge of a segment to `ms` ([ and ] nudge it; on the timeline it is dragged): one undo step. */
export async function setEdge(segmentId: string, edge: 'start' | 'end', ms: number): Promise<void> {
  const seg = findSegment(getState(), segmentId);
  if (!seg) return;
  const before = { startMs: seg.startMs, endMs: seg.endMs };
  const after = edge === 'start' ? { startMs: Math.max(0, Math.round(ms)), endMs: seg.endMs } : { startMs: seg.startMs, endMs: Math.round(ms) };
  if (after.endMs - after.startMs < 10 || (after.startMs === before.startMs && after.endMs === before.endMs)) return;
  try {
    await getApi().updateSegmentBounds({ segmentId: seg.id, ...after });
    await refreshSegments();
  } catch (err) {
    report(err);
    return;
  }
  record({ kind: 'bounds', segmentId: seg.id, edge, before, after });
}

// ---- transcript edits ----

/** The analyst fixes a segment's words: undoable; the host scores its new text in the background. */
export async function editText(segmentId: string, text: string): Promise<boolean> {
  const seg = findSegment(getState(), segmentId);
  if (!seg || seg.text === text) return false;
  try {
    await getApi().updateSegmentText({ segmentId, text });
    await refreshSegments();
  } catch (err) {
    report(err);
    return false;
  }
  record({ kind: 'text', segmentId, before: seg.text, after: text });
  return true;
}

/**
 * Gives segments a speaker: the selected one (reassign), or every segment of its speaker in the
 * recording (rename). One undo step puts each segment's own speaker back.
 */
export async function assignSpeaker(segmentIds: string[], speaker: string | null): Promise<boolean> {
  const s = getState();
  const name = speaker === null ? null : speaker.trim() || null;
  const changes = segmentIds.flatMap((id): [string, string | null][] => {
    const seg = findSegment(s, id);
    return seg && seg.speaker !== name ? [[id, seg.speaker]] : [];
  });
  if (changes.length === 0) return false;
  try {
    await getApi().setSpeaker({ segmentIds: changes.map(([id]) => id), speaker: name });
    await refreshSegments();
  } catch (err) {
    report(err);
    return false;
  }
  record({ kind: 'speaker', changes, after: name });
  return true;
}

/** Every segment of `speaker` in the recording of `segmentId`. */
export function segmentsOfSpeaker(segmentId: string): string[] {
  const s = getState();
  const seg = findSegment(s, segmentId);
  if (!seg) return [];
  return (s.segmentsByRecording.get(seg.recordingId) ?? []).filter((x) => x.speaker === seg.speaker).map((x) => x.id);
}

/** Puts each segment's speaker back: one call per speaker they had. */
async function restoreSpeakers(changes: [string, string | null][]): Promise<void> {
  const by = new Map<string | null, string[]>();
  for (const [id, sp] of changes) by.set(sp, [...(by.get(sp) ?? []), live(id)]);
  for (const [sp, ids] of by) await getApi().setSpeaker({ segmentIds: ids, speaker: sp });
}

// ---- the history as data ----

function record(cmd: EditCommand): void {
  history.push(entryFor(cmd));
}

/** What an entry is called in the history (and what undo/redo would say it reversed). */
export function commandLabel(cmd: EditCommand): string {
  switch (cmd.kind) {
    case 'label':
      return cmd.after ? `score ${fmtScore(cmd.after.score)}` : 'clear label';
    case 'split':
      return 'split';
    case 'merge':
      return 'merge';
    case 'bounds':
      return `nudge ${cmd.edge}`;
    case 'text':
      return 'edit text';
    case 'speaker':
      return cmd.changes.length > 1 ? `rename speaker (${cmd.changes.length} segments)` : 'reassign speaker';
  }
}

/**
 * A command's undo and redo, each through the contract. Segments are looked up through `live`, so a
 * step still finds a segment that a later undo or redo brought back under a new id.
 */
export function entryFor(cmd: EditCommand): HistoryEntry<EditCommand> {
  const label = commandLabel(cmd);
  switch (cmd.kind) {
    case 'label': {
      const write = (value: typeof cmd.before) => writeLabel(live(cmd.segmentId), value).then(() => select(live(cmd.segmentId)));
      return { label, command: cmd, undo: () => write(cmd.before), redo: () => write(cmd.after) };
    }
    case 'split':
      return {
        label,
        command: cmd,
        undo: async () => {
          await mergeTarget(t('edit.undoSplit'), live(cmd.first), live(cmd.second));
          const merged = await getApi().mergeSegments({ segmentId: live(cmd.first) });
          select(merged.id, { seek: false });
        },
        redo: async () => {
          const [a, b] = await getApi().splitSegment({ segmentId: live(cmd.first), atMs: cmd.atMs });
          renamed.set(live(cmd.second), b.id);
          select(a.id, { seek: false });
        },
      };
    case 'merge':
      return {
        label,
        command: cmd,
        undo: async () => {
          const [a] = await getApi().unmergeSegments({ segmentId: live(cmd.first), swallowedId: cmd.second });
          select(a.id, { seek: false });
        },
        redo: async () => {
          // The swallowed segment comes back under its own id (unmerge restores rows exactly).
          await mergeTarget(t('edit.redoMerge'), live(cmd.first), cmd.second);
          const merged = await getApi().mergeSegments({ segmentId: live(cmd.first) });
          select(merged.id, { seek: false });
        },
      };
    case 'bounds':
      return {
        label,
        command: cmd,
        undo: async () => {
          await getApi().updateSegmentBounds({ segmentId: live(cmd.segmentId), ...cmd.before });
        },
        redo: async () => {
          await getApi().updateSegmentBounds({ segmentId: live(cmd.segmentId), ...cmd.after });
        },
      };
    case 'text':
      return {
        label,
        command: cmd,
        undo: async () => {
          await getApi().updateSegmentText({ segmentId: live(cmd.segmentId), text: cmd.before });
          select(live(cmd.segmentId), { seek: false });
        },
        redo: async () => {
          await getApi().updateSegmentText({ segmentId: live(cmd.segmentId), text: cmd.after });
          select(live(cmd.segmentId), { seek: false });
        },
      };
    case 'speaker':
      return {
        label,
        command: cmd,
        undo: () => restoreSpeakers(cmd.changes),
        redo: async () => {
          await getApi().setSpeaker({ segmentIds: cmd.changes.map(([id]) => live(id)), speaker: cmd.after });
        },
      };
  }
}

/**
 * The history is the project's, not the window's: after every step it is stored with the project
 * (saveUndoStack, one write at a time, the newest state last), and `loadHistory` reads it back when
 * the window opens, so Ctrl+Z after a reload or a restart undoes what was done before it.
 */
let historyLoaded = false;
let saving: Promise<void> | null = null;
let dirty = false;

function persistHistory(): void {
  if (!historyLoaded) return;
  dirty = true;
  if (saving) return;
  saving = (async () => {
    while (dirty) {
      dirty = false;
      const { done, undone } = await history.entries();
      const commands = (list: HistoryEntry<EditCommand>[]) => list.flatMap((e) => (e.command ? [e.command] : []));
      try {
        await getApi().saveUndoStack({ done: commands(done), undone: commands(undone), renamed: [...renamed].slice(-4 * UNDO_LIMIT) });
        clearNotices('undo-history');
      } catch (err) {
        report(err, 'undo-history');
      }
    }
    saving = null;
  })();
}

/** Reads the project's stored history into the window (steps made before it arrived stay on top). */
export async function loadHistory(): Promise<void> {
  const stored = await getApi().undoStack({});
  for (const [from, to] of stored.renamed) if (!renamed.has(from)) renamed.set(from, to);
  const now = await history.entries();
  historyLoaded = true;
  history.restore([...stored.done.map(entryFor), ...now.done], now.done.length > 0 ? now.undone : [...stored.undone.map(entryFor), ...now.undone]);
}

/** Settles once the history as it stands has been stored (tests; the window never waits for it). */
export async function historySaved(): Promise<void> {
  while (saving) await saving;
}
