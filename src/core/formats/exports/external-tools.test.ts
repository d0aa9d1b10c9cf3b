import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { exportLabels } from './index';
import { parseTranscript } from '../transcripts/index';
import { meeting } from '../test-util/fixture';
import { tempDir } from '../test-util/tmp';
import { EAF_XSD as xsd, itNeeds } from '../../test-util/needs';

/** Our exports opened by the real tools: the ELAN schema (the repo's copy) through xmllint, and Praat itself. */

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const noXmllint = has('xmllint', '--version') ? null : 'xmllint is not installed (apt-get install libxml2-utils)';
const noPraat = has('praat', '--version') ? null : 'praat is not installed (apt-get install praat)';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const data = meeting(path.join(tmp.dir, 'Board meeting ü.mp4'));

describe('EAF export against the official ELAN schema', () => {
  itNeeds(noXmllint)('validates with xmllint --schema EAFv3.0.xsd', () => {
    const file = tmp.write('meeting "quoted" $(x).eaf', exportLabels('eaf', data));
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
    // The check can fail: a document missing a required attribute does not validate.
    const broken = tmp.write('broken.eaf', exportLabels('eaf', data).replace(' AUTHOR="Attune"', ''));
    expect(spawnSync('xmllint', ['--noout', '--schema', xsd, broken]).status).not.toBe(0);
    const empty = tmp.write('empty.eaf', exportLabels('eaf', { recordings: data.recordings, segments: [] }));
    expect(spawnSync('xmllint', ['--noout', '--schema', xsd, empty]).status).toBe(0);
  });
});

/** Prints the tier count, then "tier|start ms|end ms|label" for each non-empty interval, as Praat reads the file. */
function praatDump(file: string): string[] {
  const script = tmp.write(
    'dump.praat',
    [
      'form Dump',
      '  sentence path x',
      'endform',
      'Read from file: path$',
      'n = Get number of tiers',
      'writeInfoLine: n',
      'for t to n',
      '  name$ = Get tier name: t',
      '  k = Get number of intervals: t',
      '  for i to k',
      '    lab$ = Get label of interval: t, i',
      '    if lab$ <> ""',
      '      a = Get starting point: t, i',
      '      b = Get end point: t, i',
      '      appendInfoLine: name$, "|", round(a * 1000), "|", round(b * 1000), "|", replace$(lab$, newline$, "\\n", 0)',
      '    endif',
      '  endfor',
      'endfor',
    ].join('\n'),
  );
  return execFileSync('praat', ['--run', script, file], { encoding: 'utf8', timeout: 30_000 }).trim().split('\n');
}

describe('TextGrid and Praat', () => {
  itNeeds(noPraat)('Praat reads every tier and interval of our export as written', () => {
    const out = praatDump(tmp.write('meeting ü.TextGrid', exportLabels('textgrid', data)));
    expect(Number(out[0])).toBe(7);
    const tierOf = (s: (typeof data.segments)[number]) =>
      s.speaker === null ? '(no speaker)' : s.speaker === 'sentiment' || s.speaker.endsWith('#2') ? `${s.speaker} [speaker]` : s.id === 's4' ? 'Alice #2' : s.speaker;
    const want = [
      ...data.segments.map((s) => `${tierOf(s)}|${s.startMs}|${s.endMs}|${s.text.replace(/\n/g, '\\n')}`),
      ...data.segments.filter((s) => s.label).map((s) => `sentiment|${s.startMs}|${s.endMs}|${s.label!.score}`),
    ];
    expect(out.slice(1).sort()).toEqual(want.sort());
    const empty = tmp.write('empty.TextGrid', exportLabels('textgrid', { recordings: data.recordings, segments: [] }));
    expect(praatDump(empty)).toEqual(['1']);
  });

  itNeeds(noPraat)('our TextGrid reader agrees with Praat on a mixed short/long file with comments', async () => {
    const tg = [
      '"ooTextFile"',
      '"TextGrid"',
      '0  3.5  ! time domain',
      '<exists>',
      '2 tiers',
      'item [1]: class = "IntervalTier" name = "Ann ""A."""',
      '0 3.5 ! domain of tier 1',
      'intervals: size = 3',
      '0 1.25 "first ! not a comment"',
      '1.25 2 ""',
      '2 3.5 "two',
      'lines"',
      '"IntervalTier"  "Bo"  0 3.5  2',
      '0 0.5 "   "',
      '0.5 3.5 "ok"',
    ].join('\r\n');
    const file = tmp.write('mixed.TextGrid', tg);
    const praat = praatDump(file).slice(1);
    const ours = (await parseTranscript(file)).map((c) => `${c.speaker}|${c.startMs}|${c.endMs}|${c.text.replace(/\n/g, '\\n')}`);
    // Praat keeps the whitespace-only interval; we drop it as empty text.
    expect(praat.filter((l) => !l.endsWith('|   ')).sort()).toEqual(ours.sort());
    expect(ours).toHaveLength(3);
  });
});
