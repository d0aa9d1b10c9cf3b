import { itemAt } from '../timeline/viewport';
import { currentMs, media, pause, seekMs } from './player';
import { currentSegments, getState, setState, type Segment } from './store';

let cachedList: Segment[] | null = null;
let cachedMaxLen = 0;

function maxLen(list: Segment[]): number {
  if (list !== cachedList) {
    cachedList = list;
    cachedMaxLen = list.reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0);
  }
  return cachedMaxLen;
}

/**
 * While the media plays, the segment under the playhead becomes the selection (so the transcript,
 * timeline and label panel follow the recording), loop mode holds playback inside the segment, and
 * Shift+Space's playing of one segment stops at its end.
 * Runs on animation frames; does nothing while paused.
 */
export function startFollowing(): () => void {
  let raf = 0;
  const frame = () => {
    raf = requestAnimationFrame(frame);
    const el = media();
    if (!el || el.paused) return;
    const s = getState();
    const list = currentSegments(s);
    const ms = currentMs();
    if (s.playOnce) {
      // Shift+Space: stop at the segment's end, and keep the selection on it meanwhile.
      if (ms >= s.playOnce.endMs) {
        pause();
        setState({ playOnce: null });
      }
      return;
    }
    if (s.loop && s.selectedId) {
      const sel = list.find((x) => x.id === s.selectedId);
      if (sel && (ms >= sel.endMs || ms < sel.startMs - 250)) {
        seekMs(sel.startMs);
        return;
      }
      if (sel) return;
    }
    const i = itemAt(list, ms, maxLen(list));
    if (i >= 0 && list[i].id !== s.selectedId) setState({ selectedId: list[i].id });
  };
  raf = requestAnimationFrame(frame);
  return () => cancelAnimationFrame(raf);
}
