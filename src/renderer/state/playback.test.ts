import { beforeEach, describe, expect, it } from 'vitest';
import { attachMedia } from './player';
import { changeRate, nearestRate, playSegmentOnce, setRate, stepRate, storedRate } from './playback';
import { getState, setState } from './store';

/** A media element as far as playback uses one. */
function fakeMedia() {
  const el = { currentTime: 0, duration: 60, paused: true, playbackRate: 1, defaultPlaybackRate: 1, dataset: {}, played: 0 };
  return Object.assign(el, {
    play() {
      el.paused = false;
      el.played++;
      return Promise.resolve();
    },
    pause() {
      el.paused = true;
    },
  });
}

const storage = new Map<string, string>();
globalThis.localStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) } as Storage;

describe('playback speed (issue 18, feature 13)', () => {
  beforeEach(() => storage.clear());

  it('steps through the offered speeds, held at 0.5× and 2×, and snaps odd values to the nearest', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(2, 1)).toBe(2);
    expect(stepRate(0.5, -1)).toBe(0.5);
    expect(nearestRate(1.1)).toBe(1);
    expect(nearestRate(9)).toBe(2);
    expect(nearestRate(NaN)).toBe(1);
  });

  it('puts the speed on the element and keeps it for the next window', () => {
    const el = fakeMedia();
    attachMedia(el as unknown as HTMLVideoElement);
    setRate(1);
    changeRate(1);
    changeRate(1);
    expect(getState().rate).toBe(1.5);
    expect([el.playbackRate, el.defaultPlaybackRate]).toEqual([1.5, 1.5]);
    expect(storedRate()).toBe(1.5);
    storage.set('attune.playbackRate', 'garbage');
    expect(storedRate()).toBe(1);
  });
});

describe('Shift+Space plays the selected segment only', () => {
  it('seeks to its start and plays, marking where to stop; pressed again while playing, it pauses', () => {
    const el = fakeMedia();
    el.currentTime = 30;
    attachMedia(el as unknown as HTMLVideoElement);
    setState({ rate: 0.75, recordingId: 'r', selectedId: 's2', segmentsByRecording: new Map([['r', [{ id: 's2', recordingId: 'r', startMs: 4000, endMs: 6500, speaker: null, text: '' }]]]) });
    playSegmentOnce();
    expect(el.currentTime).toBe(4);
    expect(el.paused).toBe(false);
    expect(el.playbackRate).toBe(0.75);
    expect(getState().playOnce).toEqual({ segmentId: 's2', endMs: 6500 });
    playSegmentOnce();
    expect(el.paused).toBe(true);
    expect(getState().playOnce).toBeNull();
  });
});
