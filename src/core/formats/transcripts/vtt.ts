import type { Cue } from '../../../shared/types';
import { InputError } from '../../../shared/errors';
import { splitLines } from './decode';
import { parseVttTimestamp } from './clock';
import { applyNamePrefixes, stripMarkup, voiceOf } from './cue-text';
import { finishCues, type RawCue } from './cues';
import { MAX_CUE_CHARS } from './limits';

/**
 * WebVTT, written by hand rather than with a package: the one maintained candidate (the W3C's
 * webvtt-parser) is a validator that collects errors and carries on, while import must stop at
 * the first one with its line; we also need NOTE blocks in order (our export keeps labels there)
 * and Zoom/Teams speaker conventions. The structure follows the WebVTT spec's block rules.
 */

export interface VttCue extends RawCue {
  id: string | null;
  line: number;
}

export interface VttNote {
  line: number;
  text: string;
  /** Index into `cues` of the first cue after this note. */
  beforeCue: number;
}

export interface VttDocument {
  cues: VttCue[];
  notes: VttNote[];
}

const TIMING = /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/;

export function parseVttDocument(file: string, text: string): VttDocument {
  const lines = splitLines(text);
  if (!/^WEBVTT(?:$|[ \t])/.test(lines[0])) {
    throw new InputError(file, 'missing "WEBVTT" header on the first line', 1);
  }
  const cues: VttCue[] = [];
  const notes: VttNote[] = [];
  let i = 1;
  while (i < lines.length && lines[i] !== '' && !lines[i].includes('-->')) i++;

  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const first = lines[i];
    let id: string | null = null;
    if (!first.includes('-->')) {
      if (/^NOTE(?:$|[ \t])/.test(first)) {
        const start = i;
        while (i < lines.length && lines[i] !== '') i++;
        const body = lines.slice(start, i).join('\n').replace(/^NOTE[ \t]?/, '');
        notes.push({ line: start + 1, text: body, beforeCue: cues.length });
        continue;
      }
      if (/^(?:STYLE|REGION)[ \t]*$/.test(first)) {
        while (i < lines.length && lines[i] !== '') i++;
        continue;
      }
      id = first;
      i++;
      if (i >= lines.length || !lines[i].includes('-->')) {
        throw new InputError(file, `expected a cue timing line "start --> end" after cue identifier "${clip(first)}"`, i + 1);
      }
    }
    const timingLine = i + 1;
    const m = TIMING.exec(lines[i]);
    if (!m) throw new InputError(file, `malformed cue timing line "${clip(lines[i])}" (expected "mm:ss.ttt --> mm:ss.ttt")`, timingLine);
    const startMs = parseVttTimestamp(m[1]);
    const endMs = parseVttTimestamp(m[2]);
    if (startMs === null) throw new InputError(file, `malformed timestamp "${clip(m[1])}" (expected [hh:]mm:ss.ttt)`, timingLine);
    if (endMs === null) throw new InputError(file, `malformed timestamp "${clip(m[2])}" (expected [hh:]mm:ss.ttt)`, timingLine);
    i++;
    const payload: string[] = [];
    let size = 0;
    // Per the spec a line containing "-->" starts the next cue even without a blank line.
    while (i < lines.length && lines[i] !== '' && !lines[i].includes('-->')) {
      size += lines[i].length;
      if (size > MAX_CUE_CHARS) {
        throw new InputError(file, `cue text is over the ${MAX_CUE_CHARS}-character limit (a missing blank line or a broken file?)`, timingLine);
      }
      payload.push(lines[i]);
      i++;
    }
    const raw = payload.join('\n');
    cues.push({ id, startMs, endMs, speaker: voiceOf(raw), text: stripMarkup(raw), line: timingLine });
  }
  return { cues, notes };
}

export function parseVtt(file: string, text: string): Cue[] {
  const { cues } = parseVttDocument(file, text);
  return finishCues(file, applyNamePrefixes(cues));
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
