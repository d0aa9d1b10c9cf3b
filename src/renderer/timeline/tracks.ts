export type TrackId = 'ruler' | 'segments' | 'waveform' | 'text' | 'audio' | 'video' | 'fused' | 'labels';
export type ScoreTrack = 'text' | 'audio' | 'video' | 'fused';

export interface TrackSpec {
  id: TrackId;
  title: string;
  height: number;
  testId?: string;
}

/** Row order and heights, shared by the canvas and the DOM headers so they always line up. */
export const TRACKS: TrackSpec[] = [
  { id: 'ruler', title: '', height: 24 },
  { id: 'segments', title: 'Speakers', height: 30, testId: 'track-segments' },
  { id: 'waveform', title: 'Waveform', height: 44, testId: 'track-waveform' },
  { id: 'text', title: 'Text', height: 34, testId: 'track-text' },
  { id: 'audio', title: 'Voice', height: 34, testId: 'track-audio' },
  { id: 'video', title: 'Face', height: 34, testId: 'track-video' },
  { id: 'fused', title: 'Fused', height: 42, testId: 'track-fused' },
  { id: 'labels', title: 'Analyst', height: 30, testId: 'track-labels' },
];

export const SCORE_TRACKS: ScoreTrack[] = ['text', 'audio', 'video', 'fused'];

export function trackTop(id: TrackId): number {
  let y = 0;
  for (const t of TRACKS) {
    if (t.id === id) return y;
    y += t.height;
  }
  return y;
}

export const TOTAL_HEIGHT = TRACKS.reduce((s, t) => s + t.height, 0);
