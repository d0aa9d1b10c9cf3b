/**
 * A manifest's speaker map (issue 17): the third column of `attune batch`'s CSV names the people
 * behind a transcript's speaker labels, inline, as `LABEL=NAME;LABEL=NAME` (e.g. `A=Ada;B=Ben` or
 * `SPEAKER_00=Ada Lovelace`). Inline rather than a file per recording: a corpus manifest is made by
 * a script or a spreadsheet, and one row then says everything about its recording.
 *
 * Labels not in the map keep their label. A map is checked against its transcript at import: a
 * label the transcript never uses is refused (a typo would otherwise name nobody, silently).
 */
import { InputError } from '../../shared/errors';

export type SpeakerMap = ReadonlyMap<string, string>;

/** Where a map was written, for its errors: the manifest and its line. */
export interface SpeakerMapSource {
  file: string;
  line: number;
}

const MAX_NAME = 200;

/** Parses `A=Ada;B=Ben`; a bad entry is an error naming the manifest, its line and the entry. */
export function parseSpeakerMap(text: string, at: SpeakerMapSource): SpeakerMap {
  const map = new Map<string, string>();
  const bad = (why: string) => new InputError(at.file, `speaker map '${text}': ${why} (the form is LABEL=NAME;LABEL=NAME, e.g. A=Ada;B=Ben)`, at.line);
  for (const raw of text.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    if (eq < 0) throw bad(`'${entry}' has no '='`);
    const label = entry.slice(0, eq).trim();
    const name = entry.slice(eq + 1).trim();
    if (!label) throw bad(`'${entry}' has no speaker label before '='`);
    if (!name) throw bad(`'${entry}' gives speaker '${label}' no name`);
    if (name.includes('=')) throw bad(`'${entry}' has more than one '=' (a missing ';'?)`);
    if (name.length > MAX_NAME) throw bad(`the name for '${label}' is longer than ${MAX_NAME} characters`);
    if (map.has(label)) throw bad(`speaker '${label}' is mapped twice`);
    map.set(label, name);
  }
  if (map.size === 0) throw bad('no LABEL=NAME entry');
  return map;
}

/** The same map always reads the same (order and spacing aside): part of a batch item's content key. */
export const canonicalSpeakerMap = (map: SpeakerMap) =>
  [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([l, n]) => `${l}=${n}`)
    .join(';');

/**
 * The transcript's speakers renamed by the map; every label of the map must occur in the transcript
 * (else an error naming the manifest line, the label and the labels there are).
 */
export function applySpeakerMap<T extends { speaker: string | null }>(items: T[], map: SpeakerMap, at: SpeakerMapSource, transcript: string): T[] {
  const present = new Set(items.map((s) => s.speaker).filter((s): s is string => s !== null));
  const missing = [...map.keys()].filter((l) => !present.has(l));
  if (missing.length) {
    const there = present.size ? [...present].sort().map((s) => `'${s}'`).join(', ') : 'none';
    throw new InputError(
      at.file,
      `speaker map names ${missing.map((m) => `'${m}'`).join(', ')}, not a speaker of ${transcript} (its speakers: ${there})`,
      at.line,
    );
  }
  return items.map((s) => (s.speaker !== null && map.has(s.speaker) ? { ...s, speaker: map.get(s.speaker)! } : s));
}
