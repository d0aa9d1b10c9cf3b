/** Selection and movement between segments; the media follows the selection. */
import { openRecording } from './session';
import { seekMs } from './player';
import { visibleSegments } from './filter';
import { findSegment, getState, setState } from './store';

export function select(id: string | null, opts: { seek?: boolean } = {}): void {
  const s = getState();
  const seg = findSegment(s, id);
  if (seg && seg.recordingId !== s.recordingId) {
    void openRecording(seg.recordingId, s.view).then(() => {
      setState({ selectedId: seg.id });
      if (opts.seek !== false) seekWhenReady(seg.startMs);
    });
    return;
  }
  setState({ selectedId: id });
  if (seg && opts.seek !== false) seekMs(seg.startMs);
}

function seekWhenReady(ms: number): void {
  // A freshly opened recording has no media yet; seek once the element knows its duration.
  const tryIt = (n: number) => {
    const el = document.querySelector<HTMLVideoElement>('video[data-testid="video"]');
    if (el && el.readyState >= 1) seekMs(ms);
    else if (n > 0) setTimeout(() => tryIt(n - 1), 100);
  };
  tryIt(50);
}

/**
 * ←/→: the next or previous segment in time (of those the transcript shows, while a filter is on:
 * the next match); in the Queue, the next or previous queue item.
 */
export function step(delta: number): void {
  const s = getState();
  if (s.view === 'queue' && s.queue.length > 0) {
    const i = s.queue.findIndex((q) => q.segmentId === s.selectedId);
    const next = i < 0 ? (delta > 0 ? 0 : s.queue.length - 1) : Math.min(s.queue.length - 1, Math.max(0, i + delta));
    select(s.queue[next].segmentId);
    return;
  }
  const segs = visibleSegments(s);
  if (segs.length === 0) return;
  const i = segs.findIndex((x) => x.id === s.selectedId);
  if (i < 0) {
    // The selection is not among the matches: the first match after it (before it, going back).
    const cur = findSegment(s, s.selectedId);
    if (cur) {
      const after = segs.findIndex((x) => x.startMs > cur.startMs || (x.startMs === cur.startMs && x.id > cur.id));
      const at = after < 0 ? segs.length : after;
      select(segs[delta > 0 ? Math.min(at, segs.length - 1) : Math.max(0, at - 1)].id);
      return;
    }
  }
  const next = i < 0 ? (delta > 0 ? 0 : segs.length - 1) : Math.min(segs.length - 1, Math.max(0, i + delta));
  select(segs[next].id);
}

/** After scoring: the next segment, or in the queue the next item not labelled yet. */
export function advance(): void {
  const s = getState();
  if (s.view === 'queue') {
    const i = s.queue.findIndex((q) => q.segmentId === s.selectedId);
    const rest = [...s.queue.slice(i + 1), ...s.queue.slice(0, Math.max(0, i))];
    const next = rest.find((q) => !s.labels.has(q.segmentId));
    if (next) select(next.segmentId);
    return;
  }
  step(1);
}
