import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Cue } from '../../../shared/types';
import { InputError } from '../../../shared/errors';
import { decodeTranscript } from './decode';
import { MAX_TRANSCRIPT_BYTES } from './limits';
import { parseVtt } from './vtt';
import { parseSrt } from './srt';
import { parseJsonText } from './json-text';
import { parseWhisper } from './whisper';
import { parseEaf } from './eaf';
import { parseTextGrid } from './textgrid';
import { parseCsv } from './csv';
import { isAttuneJson, cuesFromAttuneJson } from '../exports/json';

export type TranscriptFormat = 'vtt' | 'srt' | 'json' | 'eaf' | 'textgrid' | 'csv' | 'tsv';

export { MAX_CUE_CHARS, MAX_TRANSCRIPT_BYTES } from './limits';

/**
 * Reads a transcript file into cues (integer ms, sorted by start). The extension picks the parser;
 * .json is told apart by content (Whisper, WhisperX, or our own JSON export), and .txt or unknown
 * extensions are sniffed. Every failure is an InputError naming the file and, where there is one,
 * the line.
 */
export async function parseTranscript(filePath: string): Promise<Cue[]> {
  const cannotRead = (e: unknown) => new InputError(filePath, `cannot read transcript: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  let size: number;
  try {
    const st = await stat(filePath);
    if (!st.isFile()) throw new InputError(filePath, 'not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(e);
  }
  if (size > MAX_TRANSCRIPT_BYTES) throw new InputError(filePath, `transcript is ${size} bytes, over the ${MAX_TRANSCRIPT_BYTES}-byte limit`);
  // stat succeeds on a file the user may not read (EACCES), or one removed in between.
  const bytes = await readFile(filePath).catch((e: unknown) => {
    throw cannotRead(e);
  });
  return parseTranscriptBytes(filePath, bytes);
}

export function parseTranscriptBytes(file: string, bytes: Uint8Array): Cue[] {
  if (bytes.length === 0) throw new InputError(file, 'empty file');
  const text = decodeTranscript(file, bytes);
  return parseTranscriptText(file, text);
}

export function parseTranscriptText(file: string, input: string, format?: TranscriptFormat): Cue[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw new InputError(file, 'empty file (only whitespace)');
  const fmt = format ?? detectTranscriptFormat(file, text);
  switch (fmt) {
    case 'vtt':
      return parseVtt(file, text);
    case 'srt':
      return parseSrt(file, text);
    case 'eaf':
      return parseEaf(file, text);
    case 'textgrid':
      return parseTextGrid(file, text);
    case 'csv':
      return parseCsv(file, text);
    case 'tsv':
      return parseCsv(file, text, '\t');
    case 'json': {
      const value = parseJsonText(file, text);
      return isAttuneJson(value) ? cuesFromAttuneJson(file, value) : parseWhisper(file, value);
    }
  }
}

const BY_EXTENSION: Record<string, TranscriptFormat> = {
  '.vtt': 'vtt',
  '.webvtt': 'vtt',
  '.srt': 'srt',
  '.eaf': 'eaf',
  '.textgrid': 'textgrid',
  '.csv': 'csv',
  '.tsv': 'tsv',
};

export function detectTranscriptFormat(file: string, text: string): TranscriptFormat {
  const ext = path.extname(file).toLowerCase();
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const lines = head.split(/\r\n|\r|\n/);
  // Whisper, WhisperX and our own export are told apart after parsing, in one pass.
  if (ext === '.json' || /^\s*[[{]/.test(head)) return 'json';
  if (/^WEBVTT(?:$|[ \t])/.test(lines[0])) return 'vtt';
  if (/ooTextFile|ooBinaryFile/.test(lines[0])) return 'textgrid';
  if (/^\s*</.test(head) && head.includes('ANNOTATION_DOCUMENT')) return 'eaf';
  const firstReal = lines.findIndex((l) => l.trim() !== '');
  if (firstReal >= 0 && (/-->/.test(lines[firstReal]) || (/^\s*\d+\s*$/.test(lines[firstReal]) && /-->/.test(lines[firstReal + 1] ?? '')))) return 'srt';
  if (/(^|[,;\t])\s*"?(start|begin)(_\w+)?"?\s*([,;\t]|$)/i.test(lines[0])) return lines[0].includes('\t') ? 'tsv' : 'csv';
  throw new InputError(file, 'unrecognised transcript format: expected WebVTT, SRT, Whisper/WhisperX JSON, ELAN .eaf, Praat TextGrid or CSV with a header', 1);
}
