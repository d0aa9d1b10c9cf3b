import type { Cue } from '../../../shared/types';
import { InputError } from '../../../shared/errors';
import { parseCsvRows } from './csv-rows';
import { parseSecondsOrClock } from './clock';
import { finishCues, type RawCue } from './cues';

/**
 * CSV/TSV transcripts: a header row is required because it is the only place units are declared.
 * `start_ms,end_ms` are milliseconds; `start,end`, `start_s,end_s` or `start_sec,end_sec` are
 * seconds (decimal, or a clock like 00:01:02.500). A `text` column is required, `speaker`
 * optional, other columns ignored — so our own CSV export reads back as a transcript too.
 */

const START = /^(start|begin)(_(ms|s|sec|secs|seconds|time))?$/;
const END = /^(end|stop)(_(ms|s|sec|secs|seconds|time))?$/;
const TEXT = ['text', 'transcript', 'utterance', 'sentence', 'content'];
const SPEAKER = ['speaker', 'speaker_name', 'participant'];

const HEADER_HELP = 'the first row must be a header naming start_ms,end_ms (milliseconds) or start,end (seconds), and text (speaker optional)';

export function parseCsv(file: string, text: string, delimiter?: string): Cue[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0];
  const delim = delimiter ?? sniffDelimiter(firstLine);
  const rows = parseCsvRows(file, text, delim);
  const header = rows[0].record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const si = header.findIndex((h) => START.test(h));
  const ei = header.findIndex((h) => END.test(h));
  const ti = header.findIndex((h) => TEXT.includes(h));
  const pi = header.findIndex((h) => SPEAKER.includes(h));
  if (si < 0 || ei < 0 || ti < 0) throw new InputError(file, `no usable header: ${HEADER_HELP}`, 1);
  const startMsUnit = header[si].endsWith('_ms');
  if (startMsUnit !== header[ei].endsWith('_ms')) {
    throw new InputError(file, `start column "${header[si]}" and end column "${header[ei]}" declare different units`, 1);
  }
  const toMs = (raw: string, col: string, line: number): number => {
    const v = raw.trim();
    const ms = startMsUnit ? (/^[-+]?\d+(\.\d+)?$/.test(v) ? Math.round(Number(v)) : null) : parseSecondsOrClock(v);
    if (ms === null) throw new InputError(file, `malformed time "${v.slice(0, 40)}" in column ${col} (${startMsUnit ? 'milliseconds' : 'seconds'})`, line);
    return ms;
  };
  const cues: RawCue[] = rows.slice(1).map(({ record, line }) => ({
    startMs: toMs(record[si], header[si], line),
    endMs: toMs(record[ei], header[ei], line),
    speaker: pi >= 0 ? record[pi] : null,
    text: record[ti],
    line,
  }));
  return finishCues(file, cues);
}

function sniffDelimiter(headerLine: string): string {
  const counts = ['\t', ',', ';'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}
