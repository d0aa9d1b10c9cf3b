import { describe, expect, it } from 'vitest';
import { applySpeakerMap, canonicalSpeakerMap, parseSpeakerMap } from './speaker-map';

const at = { file: '/data/manifest.csv', line: 4 };

describe('speaker map (manifest column 3)', () => {
  it('reads LABEL=NAME;LABEL=NAME, trimmed, and has one canonical form', () => {
    const m = parseSpeakerMap(' B = Ben ; A=Ada Lovelace;', at);
    expect([...m]).toEqual([
      ['B', 'Ben'],
      ['A', 'Ada Lovelace'],
    ]);
    expect(canonicalSpeakerMap(m)).toBe('A=Ada Lovelace;B=Ben');
    expect(canonicalSpeakerMap(parseSpeakerMap('A=Ada Lovelace;B=Ben', at))).toBe(canonicalSpeakerMap(m));
  });

  it.each([
    ['A=Ada;B', "'B' has no '='"],
    ['=Ada', 'no speaker label'],
    ['A=', 'gives speaker \'A\' no name'],
    ['A=Ada;A=Ann', "speaker 'A' is mapped twice"],
    ['A=Ada B=Ben', 'more than one'],
    [' ; ', 'no LABEL=NAME entry'],
  ])('refuses %j naming the manifest and its line', (text, why) => {
    expect(() => parseSpeakerMap(text, at)).toThrow(`/data/manifest.csv:4: speaker map '${text}': `);
    expect(() => parseSpeakerMap(text, at)).toThrow(why);
  });

  it('renames the transcript\'s speakers, keeps the others, and refuses a label the transcript lacks', () => {
    const cues = [{ speaker: 'A' }, { speaker: 'B' }, { speaker: 'C' }, { speaker: null }];
    expect(applySpeakerMap(cues, parseSpeakerMap('A=Ada;B=Ben', at), at, 'm1.vtt').map((c) => c.speaker)).toEqual(['Ada', 'Ben', 'C', null]);
    expect(() => applySpeakerMap(cues, parseSpeakerMap('A=Ada;D=Dan', at), at, 'm1.vtt')).toThrow("/data/manifest.csv:4: speaker map names 'D', not a speaker of m1.vtt (its speakers: 'A', 'B', 'C')");
  });
});
