import type { Cue } from '../../../shared/types';
import { InputError } from '../../../shared/errors';
import { MAX_CUE_CHARS } from './limits';

/** A cue as a format parser produces it, before the shared checks. */
export interface RawCue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  line?: number;
  /** Where the cue is when there is no line to name, e.g. "segments[3]" in JSON. */
  place?: string;
}

/** Seconds (as written in JSON, TextGrid, CSV) to integer ms; rounding keeps 1.2345 s stable. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/**
 * The checks every format shares: finite non-negative integer times, end not before start, text
 * within MAX_CUE_CHARS. Cues with empty text are dropped (Praat's gap intervals, Whisper's silent
 * segments); zero-length cues are kept for segmentation to decide. Sorted by start, then end,
 * stable for equal times so file order breaks ties.
 */
export function finishCues(file: string, raw: RawCue[]): Cue[] {
  const out: Cue[] = [];
  for (const c of raw) {
    const where = c.line;
    const err = (msg: string) => new InputError(file, c.place ? `${c.place}: ${msg}` : msg, where);
    if (!Number.isFinite(c.startMs) || !Number.isFinite(c.endMs)) throw err('cue time is not a number');
    if (c.startMs < 0) throw err(`cue starts before 0 (${c.startMs} ms)`);
    if (c.endMs < c.startMs) {
      throw err(`cue ends before it starts (${fmt(c.startMs)} --> ${fmt(c.endMs)})`);
    }
    if (c.text.length > MAX_CUE_CHARS) {
      throw err(`cue text is ${c.text.length} characters, over the ${MAX_CUE_CHARS}-character limit (a missing blank line or a broken file?)`);
    }
    const text = c.text.trim();
    if (text === '') continue;
    const speaker = c.speaker?.trim() || null;
    const cue: Cue = { startMs: Math.round(c.startMs), endMs: Math.round(c.endMs), speaker, text };
    if (where !== undefined) cue.line = where;
    out.push(cue);
  }
  return out.map((c, i) => ({ c, i })).sort((a, b) => a.c.startMs - b.c.startMs || a.c.endMs - b.c.endMs || a.i - b.i).map((x) => x.c);
}

/** h:mm:ss.mmm for messages, so a user can find the cue in a player. */
export function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(Math.round(ms));
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const s = Math.floor((a % 60_000) / 1000);
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(a % 1000).padStart(3, '0')}`;
}
