/**
 * Clock timestamps as subtitle formats write them, parsed to integer ms without going through
 * floating point. Returns null when the text is not a well-formed timestamp.
 */

// WebVTT: [hh:]mm:ss.ttt — hours any number of digits, minutes/seconds exactly two, ms exactly three.
const VTT = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
// SRT: hh:mm:ss,mmm. Tools in the wild write 1-digit hours, '.' instead of ',' and 1–3 digit
// fractions; those are unambiguous, so they are accepted.
const SRT = /^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{1,3})$/;

export function parseVttTimestamp(s: string): number | null {
  const m = VTT.exec(s);
  if (!m) return null;
  return toMs(m[1] ?? '0', m[2], m[3], m[4]);
}

export function parseSrtTimestamp(s: string): number | null {
  const m = SRT.exec(s);
  if (!m) return null;
  return toMs(m[1], m[2], m[3], m[4].padEnd(3, '0'));
}

/** Seconds as a decimal, or a clock h:mm:ss(.fff) / mm:ss(.fff), e.g. in CSV time columns. */
export function parseSecondsOrClock(s: string): number | null {
  const t = s.trim();
  if (/^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(t);
  if (!m || Number(m[3]) > 59 || (m[1] !== undefined && Number(m[2]) > 59)) return null;
  return toMs(m[1] ?? '0', m[2], m[3], (m[4] ?? '0').padEnd(3, '0'));
}

function toMs(h: string, m: string, s: string, ms: string): number {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}
