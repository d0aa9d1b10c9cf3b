/**
 * The one media element. The timeline and transcript read the time from it every animation frame
 * instead of mirroring it in React state, so playback never re-renders the tree.
 */
let element: HTMLVideoElement | null = null;
/** Where playback was when the element went away (view switch), to resume there. */
const lastPosition = new Map<string, number>();

export function attachMedia(el: HTMLVideoElement): void {
  element = el;
}

/** Only the element that is current can be detached: views mount and unmount out of order. */
export function detachMedia(el: HTMLVideoElement): void {
  if (el.dataset.recordingId) lastPosition.set(el.dataset.recordingId, el.currentTime * 1000);
  if (element !== el) return;
  element = null;
}

export function media(): HTMLVideoElement | null {
  return element;
}

/** Segment times are milliseconds on the media element's own clock (currentTime × 1000). */
export function currentMs(): number {
  return element ? Math.round(element.currentTime * 1000) : 0;
}

/** A seek asked for while no element was mounted, applied when the next one loads. */
let pending: number | null = null;

export function seekMs(ms: number): void {
  if (!element) {
    pending = ms;
    return;
  }
  if (element.dataset.recordingId) lastPosition.set(element.dataset.recordingId, ms);
  const max = Number.isFinite(element.duration) ? element.duration * 1000 : Infinity;
  element.currentTime = Math.max(0, Math.min(ms, max)) / 1000;
}

export function togglePlay(): void {
  if (!element) return;
  if (element.paused) void element.play().catch(() => {});
  else element.pause();
}

export function pause(): void {
  element?.pause();
}

/** Where a freshly loaded element should start: a pending seek, else where playback last was. */
export function startPosition(recordingId: string): number | undefined {
  if (pending !== null) {
    const p = pending;
    pending = null;
    return p;
  }
  return lastPosition.get(recordingId);
}
