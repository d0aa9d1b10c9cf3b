/**
 * The one media element. The timeline and transcript read the time from it every animation frame
 * instead of mirroring it in React state, so playback never re-renders the tree.
 */
let element: HTMLVideoElement | null = null;
const attachListeners = new Set<(el: HTMLVideoElement | null) => void>();
/** Where playback was when the element went away (view switch), to resume there. */
const lastPosition = new Map<string, number>();

export function attachMedia(el: HTMLVideoElement | null): void {
  if (!el && element?.dataset.recordingId) lastPosition.set(element.dataset.recordingId, element.currentTime * 1000);
  element = el;
  for (const cb of attachListeners) cb(el);
}

export function onMediaAttach(cb: (el: HTMLVideoElement | null) => void): () => void {
  attachListeners.add(cb);
  return () => attachListeners.delete(cb);
}

export function media(): HTMLVideoElement | null {
  return element;
}

/** Segment times are milliseconds on the media element's own clock (currentTime × 1000). */
export function currentMs(): number {
  return element ? Math.round(element.currentTime * 1000) : 0;
}

export function seekMs(ms: number): void {
  if (!element) return;
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

export function rememberedPosition(recordingId: string): number | undefined {
  return lastPosition.get(recordingId);
}
