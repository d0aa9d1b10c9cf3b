/** Cue payload clean-up shared by WebVTT and SRT. */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

/** Decodes the character references WebVTT allows (and SRT tools copy): named few plus numeric. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return NAMED[ref] ?? all;
  });
}

/**
 * The first voice span's annotation (`<v Name>` or `<v.loud Name>`), which Teams and other tools
 * use for the speaker. Later voices in the same cue are rare; their text stays in the cue.
 */
export function voiceOf(payload: string): string | null {
  const m = /<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/.exec(payload);
  return m ? decodeEntities(m[1]).trim() || null : null;
}

/**
 * Removes markup: WebVTT tags and inline timestamps (`<c.x>`, `<00:01.000>`), SRT's HTML-ish
 * tags (`<i>`, `<font color=..>`) and ASS overrides (`{\an8}`), then decodes entities.
 */
export function stripMarkup(payload: string): string {
  const noTags = payload.replace(/<[^>\n]*>/g, '').replace(/\{\\[^}\n]*\}/g, '');
  return decodeEntities(noTags)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

// "Name: text" as Zoom writes it, or "田中：text" with the full-width colon (no space after it, as
// Japanese writes). Names are short, have no markup, and are not clock times.
const NAME_PREFIX = /^([^:：<>\n\d][^:：<>\n]{0,63}?)(?::[ \t]+|：[ \t]*)(\S[\s\S]*)$/;

function splitPrefix(text: string): { name: string; rest: string } | null {
  const m = NAME_PREFIX.exec(text);
  if (!m) return null;
  // Diarised exports write "[SPEAKER_00]: text"; the brackets are not part of the name.
  const name = m[1].trim().replace(/^\[(.+)\]$/, '$1');
  if (name.split(/\s+/).length > 5 || /https?$/i.test(name)) return null;
  return { name, rest: m[2] };
}

/**
 * Zoom style: speakers as a `Name: ` prefix. Applied only when at least half of the cues without
 * a voice tag carry such a prefix, so a plain transcript whose lines happen to contain "Note: ..."
 * keeps its text intact.
 */
export function applyNamePrefixes<T extends { speaker: string | null; text: string }>(cues: T[]): T[] {
  const candidates = cues.filter((c) => c.speaker === null);
  if (candidates.length === 0) return cues;
  const hits = candidates.filter((c) => splitPrefix(c.text) !== null).length;
  if (hits * 2 < candidates.length) return cues;
  return cues.map((c) => {
    if (c.speaker !== null) return c;
    const p = splitPrefix(c.text);
    return p ? { ...c, speaker: p.name, text: p.rest } : c;
  });
}
