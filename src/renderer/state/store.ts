import { useSyncExternalStore } from 'react';
import type { Res } from '../../shared/contract';
import type { ConnectionState } from '../api/transport';
import type { SegmentFilter } from './filter';

type Recording = Res<'listRecordings'>[number];
type Segment = Res<'listSegments'>[number];
type Label = Res<'listLabels'>[number];
type Prediction = Res<'predictions'>[number];
type Job = Res<'listJobs'>[number];
type ModelVersion = Res<'listModels'>[number];
type QueueItem = Res<'labelQueue'>[number];
export type { Recording, Segment, Label, Prediction, Job, ModelVersion, QueueItem };

export type View = 'library' | 'review' | 'queue' | 'tune' | 'agreement' | 'export';
export type SaveState = 'saving' | 'saved' | 'error';

export interface Notice {
  id: number;
  kind: 'provider' | 'info' | 'warning' | 'error';
  message: string;
  /** What the notice is about (`label:<segment>`, `job:analyze`): a newer one replaces it, and fixing that clears it. */
  key?: string;
}

export interface State {
  connection: ConnectionState;
  fatal: string | null;
  project: Res<'projectInfo'> | null;
  recordings: Recording[];
  recordingId: string | null;
  /** Every segment of every recording, by recording, each list sorted by start. */
  segmentsByRecording: Map<string, Segment[]>;
  /** The labels the views show: the project's gold labels, or only mine while the project labels blind (`blind`). */
  labels: Map<string, Label>;
  /** Blind labelling (a project setting): every view shows only the "Labelling as" annotator's labels, never others'. */
  blind: boolean;
  saveState: Map<string, SaveState>;
  predictions: Map<string, Prediction>;
  models: ModelVersion[];
  peaks: { recordingId: string; peaksPerSecond: number; peaks: Float32Array } | null;
  mediaUrl: string | null;
  selectedId: string | null;
  view: View;
  jobs: Map<string, Job>;
  /** Loss reported by each training job so far, in order. */
  lossCurves: Map<string, { stage: string; loss: number }[]>;
  notices: Notice[];
  queue: QueueItem[];
  loop: boolean;
  playing: boolean;
  sheetOpen: boolean;
  undoDepth: number;
  redoDepth: number;
  /** The transcript's search and filters (state/filter.ts). */
  filter: SegmentFilter;
  /** What of the selected segment the panel is editing (E: its text, Shift+E: its speaker). */
  editing: 'text' | 'speaker' | null;
  /** Playback speed (state/playback.ts). */
  rate: number;
  /** Shift+Space: playing this segment once, to stop at its end. */
  playOnce: { segmentId: string; endMs: number } | null;
}

const initial: State = {
  connection: 'connecting',
  fatal: null,
  project: null,
  recordings: [],
  recordingId: null,
  segmentsByRecording: new Map(),
  labels: new Map(),
  blind: false,
  saveState: new Map(),
  predictions: new Map(),
  models: [],
  peaks: null,
  mediaUrl: null,
  selectedId: null,
  view: 'library',
  jobs: new Map(),
  lossCurves: new Map(),
  notices: [],
  queue: [],
  loop: false,
  playing: false,
  sheetOpen: false,
  undoDepth: 0,
  redoDepth: 0,
  // filter.ts's NO_FILTER (a value import would make the two modules load each other).
  filter: { text: '', speaker: null, unlabelled: false, disagreement: false, lowConfidence: false },
  editing: null,
  rate: 1,
  playOnce: null,
};

let state = initial;
const listeners = new Set<() => void>();

export function getState(): State {
  return state;
}

export function setState(patch: Partial<State> | ((s: State) => Partial<State>)): void {
  const p = typeof patch === 'function' ? patch(state) : patch;
  state = { ...state, ...p };
  for (const l of listeners) l();
}

export function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Selectors must return values already in the state (or primitives) so renders stay cheap. */
export function useStore<T>(selector: (s: State) => T): T {
  return useSyncExternalStore(subscribe, () => selector(state));
}

const EMPTY: Segment[] = [];
export function currentSegments(s: State): Segment[] {
  return (s.recordingId && s.segmentsByRecording.get(s.recordingId)) || EMPTY;
}

export function findSegment(s: Pick<State, 'segmentsByRecording'>, id: string | null): Segment | null {
  if (!id) return null;
  for (const list of s.segmentsByRecording.values()) {
    const hit = list.find((x) => x.id === id);
    if (hit) return hit;
  }
  return null;
}

let noticeId = 1;
/**
 * Shows a notice. The same message again, or a notice about the same thing (`key`), replaces the
 * older one instead of piling up beside it.
 */
export function pushNotice(kind: Notice['kind'], message: string, key?: string): void {
  const id = noticeId++;
  setState((s) => ({
    notices: [...s.notices.filter((n) => !(n.kind === kind && n.message === message) && !(key !== undefined && n.key === key)), { id, kind, message, ...(key !== undefined ? { key } : {}) }],
  }));
  // Informational notices step aside on their own; errors stay until the analyst dismisses them.
  if (kind !== 'error') setTimeout(() => dismissNotice(id), 20_000);
}

export function dismissNotice(id: number): void {
  setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** The problem a keyed notice was about is fixed (the write went through, the job ran): it goes. */
export function clearNotices(key: string): void {
  if (state.notices.some((n) => n.key === key)) setState((s) => ({ notices: s.notices.filter((n) => n.key !== key) }));
}
