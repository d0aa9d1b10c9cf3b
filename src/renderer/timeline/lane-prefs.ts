/**
 * Which lanes the timeline shows, kept per machine like the theme: speakers one lane each (ELAN-like
 * tiers) or all in one lane, and whether other annotators' labels get lanes of their own (issue 16
 * item 2; never while the project labels blind, see annotator-lanes.ts).
 */
import { useSyncExternalStore } from 'react';
import { MAX_AUTO_SPEAKER_LANES } from './tracks';

/** 'auto': one lane per speaker up to MAX_AUTO_SPEAKER_LANES speakers, one lane for more. */
export type SpeakerLanes = 'auto' | 'per-speaker' | 'one';

export interface LanePrefs {
  speakerLanes: SpeakerLanes;
  showOthers: boolean;
}

const KEY = 'attune.lanes';

function load(): LanePrefs {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<LanePrefs>;
    return {
      speakerLanes: v.speakerLanes === 'per-speaker' || v.speakerLanes === 'one' ? v.speakerLanes : 'auto',
      showOthers: v.showOthers === true,
    };
  } catch {
    return { speakerLanes: 'auto', showOthers: false };
  }
}

let prefs: LanePrefs = load();
const listeners = new Set<() => void>();

function set(patch: Partial<LanePrefs>): void {
  prefs = { ...prefs, ...patch };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(prefs));
  } catch {}
  for (const l of listeners) l();
}

export function getLanePrefs(): LanePrefs {
  return prefs;
}

export function useLanePrefs(): LanePrefs {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => prefs,
  );
}

/** Whether `count` speakers get a lane each under the preference. */
export function perSpeaker(p: SpeakerLanes, count: number): boolean {
  return p === 'per-speaker' || (p === 'auto' && count <= MAX_AUTO_SPEAKER_LANES);
}

/** Switches between one lane per speaker and one lane for all, from what is shown now. */
export function toggleSpeakerLanes(count: number): void {
  set({ speakerLanes: perSpeaker(prefs.speakerLanes, count) ? 'one' : 'per-speaker' });
}

export function setShowOthers(show: boolean): void {
  set({ showOthers: show });
}
