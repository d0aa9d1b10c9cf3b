/**
 * Playback speed and playing one segment (issue 18, feature 13). The speed is the analyst's
 * preference, kept in the window's storage across reloads; the media element takes it whenever one
 * is mounted or loads a recording.
 */
import { media, pause, seekMs } from './player';
import { findSegment, getState, setState } from './store';

export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;
const KEY = 'attune.playbackRate';

/** The nearest offered speed to `r` (a stored value from another version, a typo). */
export function nearestRate(r: number): number {
  if (!Number.isFinite(r)) return 1;
  return RATES.reduce((best, x) => (Math.abs(x - r) < Math.abs(best - r) ? x : best), 1);
}

/** The next speed up (+1) or down (-1) from `current`, held at the ends. */
export function stepRate(current: number, delta: 1 | -1): number {
  const i = RATES.indexOf(nearestRate(current) as (typeof RATES)[number]);
  return RATES[Math.max(0, Math.min(RATES.length - 1, i + delta))];
}

export function storedRate(): number {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return v === null || v === undefined ? 1 : nearestRate(Number(v));
  } catch {
    return 1;
  }
}

export function setRate(rate: number): void {
  const r = nearestRate(rate);
  setState({ rate: r });
  applyRate();
  try {
    globalThis.localStorage?.setItem(KEY, String(r));
  } catch {
    // Storage may be unavailable (private window): the speed holds for this session.
  }
}

export function changeRate(delta: 1 | -1): void {
  setRate(stepRate(getState().rate, delta));
}

/** Puts the current speed on the media element (a new element or a new source starts at 1). */
export function applyRate(el: HTMLMediaElement | null = media()): void {
  if (!el) return;
  const r = getState().rate;
  el.defaultPlaybackRate = r;
  if (el.playbackRate !== r) el.playbackRate = r;
}

/**
 * Shift+Space: plays the selected segment from its start and stops at its end (state.playOnce,
 * which state/follow.ts watches on every frame). Pressed again while it plays, it pauses.
 */
export function playSegmentOnce(): void {
  const s = getState();
  const el = media();
  const seg = findSegment(s, s.selectedId);
  if (!el || !seg) return;
  if (s.playOnce && !el.paused) {
    pause();
    setState({ playOnce: null });
    return;
  }
  setState({ playOnce: { segmentId: seg.id, endMs: seg.endMs } });
  seekMs(seg.startMs);
  applyRate(el);
  void el.play().catch(() => {});
}
