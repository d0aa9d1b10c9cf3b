import { t } from '../i18n';
import { visibleRange } from './viewport';

export type ScoreTrack = 'text' | 'audio' | 'video' | 'fused';
/**
 * What a lane draws. `segments`: every speaker's utterances in one lane; `speaker`: one speaker's
 * (ELAN-like tiers, issue 18 feature 10); `labels`: this analyst's labels; `annotator`: another
 * annotator's labels (issue 16 item 2).
 */
export type LaneKind = 'ruler' | 'segments' | 'speaker' | 'waveform' | ScoreTrack | 'labels' | 'annotator';

export interface TrackSpec {
  /** Unique in a layout: the kind, or `speaker:NAME` / `annotator:NAME`. */
  id: string;
  kind: LaneKind;
  title: string;
  height: number;
  testId?: string;
  /** A speaker lane's speaker ('' for segments without one). */
  speaker?: string;
  /** A label lane's annotator. */
  annotator?: string;
}

export interface Layout {
  tracks: TrackSpec[];
  /** Each lane's top edge, by id. */
  top: Map<string, number>;
  total: number;
  /** Changes whenever the lanes or their order change: the drawn tiles key on it. */
  key: string;
}

export const SCORE_TRACKS: ScoreTrack[] = ['text', 'audio', 'video', 'fused'];

/** Height of one speaker's lane: thinner than the all-speakers lane, since each holds fewer blocks. */
export const SPEAKER_LANE_HEIGHT = 22;
/** With more speakers than this the timeline starts in one speaker lane (each lane would cost 22 px of the view). */
export const MAX_AUTO_SPEAKER_LANES = 4;

export interface LayoutOptions {
  /** Speakers in colour order, each in its own lane; null: all in one lane. */
  speakers: string[] | null;
  /** The analyst's own label lane: their name, or null when they have not named themselves. */
  me: string | null;
  /** Other annotators shown, one lane each (empty while blind or not asked for). */
  others: string[];
}

/** Row order and heights, shared by the canvas and the DOM headers so they always line up. */
export function layoutTracks(o: LayoutOptions): Layout {
  const tracks: TrackSpec[] = [{ id: 'ruler', kind: 'ruler', title: '', height: 24 }];
  if (o.speakers) {
    for (const s of o.speakers) tracks.push({ id: `speaker:${s}`, kind: 'speaker', title: s || t('lanes.noSpeaker'), height: SPEAKER_LANE_HEIGHT, testId: 'track-speaker', speaker: s });
  } else {
    tracks.push({ id: 'segments', kind: 'segments', title: t('tl.lane.segments'), height: 30, testId: 'track-segments' });
  }
  tracks.push(
    { id: 'waveform', kind: 'waveform', title: t('tl.lane.waveform'), height: 44, testId: 'track-waveform' },
    { id: 'text', kind: 'text', title: t('tl.lane.text'), height: 34, testId: 'track-text' },
    { id: 'audio', kind: 'audio', title: t('tl.lane.audio'), height: 34, testId: 'track-audio' },
    { id: 'video', kind: 'video', title: t('tl.lane.video'), height: 34, testId: 'track-video' },
    { id: 'fused', kind: 'fused', title: t('tl.lane.fused'), height: 42, testId: 'track-fused' },
    { id: 'labels', kind: 'labels', title: o.me ? t('lanes.you', { name: o.me }) : t('tl.lane.labels'), height: 30, testId: 'track-labels', annotator: o.me ?? undefined },
  );
  for (const a of o.others) tracks.push({ id: `annotator:${a}`, kind: 'annotator', title: a, height: 26, testId: 'track-annotator', annotator: a });
  const top = new Map<string, number>();
  let y = 0;
  for (const t of tracks) {
    top.set(t.id, y);
    y += t.height;
  }
  return { tracks, top, total: y, key: tracks.map((t) => `${t.id}/${t.height}`).join('|') };
}

/** The lane under a y coordinate, or null below the last. */
export function laneAt(l: Layout, y: number): TrackSpec | null {
  for (const t of l.tracks) {
    const top = l.top.get(t.id)!;
    if (y >= top && y < top + t.height) return t;
  }
  return null;
}

/** The lane a segment's block is drawn in: its speaker's, or the one speaker lane. */
export function segmentLane(l: Layout, speaker: string | null): TrackSpec | null {
  return l.tracks.find((t) => t.kind === 'segments' || (t.kind === 'speaker' && t.speaker === (speaker ?? ''))) ?? null;
}

/**
 * The segment under a point: in a speaker's lane only that speaker's (two people may talk at once),
 * elsewhere the one covering the time (the later one where they overlap). -1 if none.
 */
export function pickSegment(segments: readonly { startMs: number; endMs: number; speaker: string | null }[], maxLenMs: number, ms: number, lane: TrackSpec | null): number {
  const [from, to] = visibleRange(segments, ms, ms + 1, maxLenMs);
  for (let i = to - 1; i >= from; i--) {
    const s = segments[i];
    if (s.startMs <= ms && ms < s.endMs && (lane?.kind !== 'speaker' || (s.speaker ?? '') === lane.speaker)) return i;
  }
  return -1;
}
