import type { Cue } from '../../../shared/types';
import { InputError } from '../../../shared/errors';
import { splitLines } from './decode';
import { parseSrtTimestamp } from './clock';
import { applyNamePrefixes, stripMarkup, voiceOf } from './cue-text';
import { finishCues, type RawCue } from './cues';
import { MAX_CUE_CHARS } from './limits';

/**
 * SRT by hand: it has no spec, only a convention (index, "hh:mm:ss,mmm --> hh:mm:ss,mmm", text,
 * blank line), and the npm parsers for it skip or mangle malformed blocks without saying where.
 * Here each block must have a timing line, and any error names its line.
 */

const TIMING = /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/;

export function parseSrt(file: string, text: string): Cue[] {
  const lines = splitLines(text);
  const cues: RawCue[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    if (!lines[i].includes('-->')) {
      if (!/^\s*\d+\s*$/.test(lines[i])) {
        throw new InputError(file, `expected a cue number or a timing line "hh:mm:ss,mmm --> hh:mm:ss,mmm", found "${clip(lines[i])}"`, i + 1);
      }
      i++;
      if (i >= lines.length || !lines[i].includes('-->')) {
        throw new InputError(file, 'expected a timing line "hh:mm:ss,mmm --> hh:mm:ss,mmm" after the cue number', i + 1);
      }
    }
    const timingLine = i + 1;
    const m = TIMING.exec(lines[i]);
    if (!m) throw new InputError(file, `malformed timing line "${clip(lines[i])}"`, timingLine);
    const startMs = parseSrtTimestamp(m[1]);
    const endMs = parseSrtTimestamp(m[2]);
    if (startMs === null) throw new InputError(file, `malformed timestamp "${clip(m[1])}" (expected hh:mm:ss,mmm)`, timingLine);
    if (endMs === null) throw new InputError(file, `malformed timestamp "${clip(m[2])}" (expected hh:mm:ss,mmm)`, timingLine);
    i++;
    const payload: string[] = [];
    let size = 0;
    while (i < lines.length && lines[i].trim() !== '') {
      if (lines[i].includes('-->')) {
        throw new InputError(file, 'timing line inside cue text (missing blank line between cues?)', i + 1);
      }
      size += lines[i].length;
      if (size > MAX_CUE_CHARS) throw new InputError(file, `cue text is over the ${MAX_CUE_CHARS}-character limit`, timingLine);
      payload.push(lines[i]);
      i++;
    }
    const raw = payload.join('\n');
    cues.push({ startMs, endMs, speaker: voiceOf(raw), text: stripMarkup(raw), line: timingLine });
  }
  return finishCues(file, applyNamePrefixes(cues));
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
