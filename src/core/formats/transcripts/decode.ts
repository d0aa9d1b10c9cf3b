import { InputError } from '../../../shared/errors';

/**
 * Decodes transcript bytes strictly. UTF-8 (BOM optional) is the rule; UTF-16 is accepted only
 * with a BOM, because Praat saves TextGrids that way and the BOM makes it unambiguous. Anything
 * else (Latin-1, random bytes) is an error naming the line of the first bad byte: guessing a
 * legacy code page would silently corrupt names and text.
 */
export function decodeTranscript(file: string, bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(file, bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(file, bytes, 'utf-16be');
  try {
    // TextDecoder drops a leading UTF-8 BOM by default.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new InputError(file, `not valid UTF-8 text (bad byte 0x${hex(bytes[offset])} at byte offset ${offset}); save the file as UTF-8`, lineAtByte(bytes, offset));
  }
}

function decodeUtf16(file: string, bytes: Uint8Array, enc: 'utf-16le' | 'utf-16be'): string {
  if (bytes.length % 2 !== 0) throw new InputError(file, `${enc.toUpperCase()} file has an odd number of bytes (truncated?)`);
  try {
    return new TextDecoder(enc, { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, `not valid ${enc.toUpperCase()} text (unpaired surrogate)`);
  }
}

/**
 * Smallest prefix that a streaming fatal decoder rejects: failure is monotonic in the prefix
 * length, so a binary search finds the first bad sequence with ~log2(n) decodes. This only runs
 * on the error path.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length; // prefix of length hi fails (whole input failed, incl. a truncated tail)
  const fails = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: n < bytes.length });
      return false;
    } catch {
      return true;
    }
  };
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  // The byte at hi-1 is where the decoder gave up; if the accepted prefix ends inside a pending
  // multi-byte sequence, that sequence's lead byte is the real culprit.
  const lo2 = hi - 1;
  for (let j = lo2 - 1; j >= 0 && j >= lo2 - 3; j--) {
    const b = bytes[j];
    if ((b & 0xc0) === 0x80) continue;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > lo2 - j ? j : lo2;
  }
  return lo2;
}

/** 1-based line of a byte offset, counting CRLF, LF and lone CR as splitLines does. */
function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  return line;
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}

/** Splits text into lines the way every format here counts them (CRLF, LF or lone CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** 1-based line number of a character offset in decoded text. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
