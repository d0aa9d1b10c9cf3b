import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/errors';
import { parseTranscript } from './index';
import { MAX_CUE_CHARS } from './limits';
import { tempDir } from '../test-util/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Parses a generated file and returns the InputError it must raise. */
async function failure(name: string, data: string | Uint8Array): Promise<InputError> {
  const file = tmp.write(name, data);
  const err = await parseTranscript(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${name} should be rejected`).toBeInstanceOf(InputError);
  expect((err as InputError).file).toBe(file);
  expect((err as InputError).message.startsWith(file)).toBe(true);
  return err as InputError;
}

describe('transcript bad input: each error names the file and the line', () => {
  it('empty and whitespace-only files', async () => {
    expect((await failure('empty.vtt', '')).message).toMatch(/empty file/);
    expect((await failure('blank.srt', '\n  \n')).message).toMatch(/empty file/);
  });

  it('non-UTF-8 bytes, reported on the line of the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);
    const e = await failure('latin1.vtt', bytes);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/not valid UTF-8.*0xe9/);
    const trunc = await failure('cut.srt', Buffer.concat([Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nna'), Buffer.from([0xc3])]));
    expect(trunc.line).toBe(3);
    const cr = await failure('cr.srt', Buffer.concat([Buffer.from('1\r00:00:01,000 --> 00:00:02,000\rCaf'), Buffer.from([0xe9]), Buffer.from('\r')]));
    expect(cr.line).toBe(3);
  });

  it('random bytes with a transcript extension', async () => {
    const rnd = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    expect((await failure('noise.vtt', rnd)).message).toMatch(/UTF-8/);
  });

  it('missing WEBVTT header', async () => {
    const e = await failure('nohead.vtt', '00:01.000 --> 00:02.000\nhello\n');
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/WEBVTT/);
  });

  it('malformed timestamps in WebVTT, SRT and CSV', async () => {
    const v = await failure('ts.vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:00:3.000 --> 00:00:04.000\nbad\n');
    expect([v.line, v.message]).toEqual([6, expect.stringMatching(/malformed timestamp "00:00:3.000"/)]);
    const s = await failure('ts.srt', '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 --> 00:00:04,000\nbad\n');
    expect([s.line, s.message]).toEqual([6, expect.stringMatching(/malformed timestamp "00:00:03"/)]);
    const c = await failure('ts.csv', 'start,end,text\n1,2,a\n3,four,b\n');
    expect([c.line, c.message]).toEqual([3, expect.stringMatching(/malformed time "four"/)]);
    const gone = await failure('notiming.vtt', 'WEBVTT\n\ncue-1\nno timing here\n');
    expect(gone.line).toBe(4);
  });

  it('cues that end before they start', async () => {
    const v = await failure('rev.vtt', 'WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n');
    expect([v.line, v.message]).toEqual([3, expect.stringMatching(/ends before it starts/)]);
    const s = await failure('rev.srt', '1\n00:00:05,000 --> 00:00:04,000\nbackwards\n');
    expect(s.line).toBe(2);
    const c = await failure('rev.csv', 'start_ms,end_ms,text\n10,20,a\n\n50,40,b\n');
    expect([c.line, c.message]).toEqual([4, expect.stringMatching(/ends before it starts/)]);
    const w = await failure('rev.json', JSON.stringify({ segments: [{ start: 1, end: 2, text: 'a' }, { start: 3, end: 2.5, text: 'b' }] }));
    expect(w.message).toMatch(/segments\[1\]: cue ends before it starts/);
  });

  it('truncated or ill-typed JSON', async () => {
    const t = await failure('cut.json', '{"segments": [\n  {"start": 0, "end": 1, "text": "a"},\n  {"start": 1, "e');
    expect(t.message).toMatch(/truncated JSON|malformed JSON/);
    expect(t.line).toBe(3);
    const m = await failure('comma.json', '{"segments": [\n  {"start": 0, "end": 1, "text": "a"},,\n]}');
    expect([m.line, m.message]).toEqual([2, expect.stringMatching(/malformed JSON/)]);
    const ty = await failure('typed.json', JSON.stringify({ segments: [{ start: 0, end: 1, text: 'a' }, { start: '1.5', end: 2, text: 'b' }] }));
    expect(ty.message).toMatch(/segments\[1\]\.start/);
    expect((await failure('noseg.json', '{"text": "hello"}')).message).toMatch(/segments/);
  });

  it('EAF with dangling time-slot and annotation references, or broken XML', async () => {
    const doc = (tiers: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00Z" VERSION="3.0">\n<HEADER TIME_UNITS="milliseconds"/>\n<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/></TIME_ORDER>\n${tiers}\n</ANNOTATION_DOCUMENT>\n`;
    const slot = await failure(
      'dangling.eaf',
      doc('<TIER TIER_ID="A" LINGUISTIC_TYPE_REF="t">\n<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts9"><ANNOTATION_VALUE>y</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>'),
    );
    expect([slot.line, slot.message]).toEqual([7, expect.stringMatching(/"a2" refers to time slot "ts9"/)]);
    const ref = await failure(
      'danglingref.eaf',
      doc('<TIER TIER_ID="A" LINGUISTIC_TYPE_REF="t"/>\n<TIER TIER_ID="B" LINGUISTIC_TYPE_REF="t" PARENT_REF="A">\n<ANNOTATION><REF_ANNOTATION ANNOTATION_ID="r1" ANNOTATION_REF="nope"><ANNOTATION_VALUE>z</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>\n</TIER>'),
    );
    expect([ref.line, ref.message]).toEqual([7, expect.stringMatching(/"r1" refers to annotation "nope"/)]);
    const xml = await failure('broken.eaf', doc('<TIER TIER_ID="A" LINGUISTIC_TYPE_REF="t">\n<ANNOTATION>\n</TIER>'));
    expect(xml.message).toMatch(/malformed XML/);
    expect(xml.line).toBe(7);
  });

  it('EAF with XML entity declarations: external (XXE) and nested (billion laughs) are refused', async () => {
    const body = (v: string) =>
      `<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="milliseconds"/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/></TIME_ORDER><TIER TIER_ID="A"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>${v}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>\n`;
    const xxe = await failure('xxe.eaf', `<?xml version="1.0"?>\n<!DOCTYPE d [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n${body('&x;')}`);
    expect([xxe.line, xxe.message]).toEqual([3, expect.stringMatching(/external XML entity.*refused/)]);
    let lol = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n';
    for (let i = 1; i < 10; i++) lol += `<!ENTITY lol${i} "${`&${i === 1 ? 'lol' : `lol${i - 1}`};`.repeat(10)}">\n`;
    const laughs = await failure('lol.eaf', `${lol}]>\n${body('&lol9;')}`);
    expect([laughs.line, laughs.message]).toEqual([3, expect.stringMatching(/XML entities \(entity expansion\)/)]);
    // A DOCTYPE without declarations, and the five predefined entities, are fine.
    const ok = tmp.write('plain.eaf', `<?xml version="1.0"?>\n<!DOCTYPE ANNOTATION_DOCUMENT>\n${body('Tom &amp; Jerry &lt;3')}`);
    expect((await parseTranscript(ok)).map((c) => c.text)).toEqual(['Tom & Jerry <3']);
  });

  it('broken TextGrids', async () => {
    const head = 'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 2\ntiers? <exists>\nsize = 1\nitem []:\n    item [1]:\n        class = "IntervalTier"\n        name = "A"\n        xmin = 0\n        xmax = 2\n        intervals: size = 2\n        intervals [1]:\n            xmin = 0\n            xmax = 1\n            text = "a"\n';
    const cut = await failure('cut.TextGrid', head);
    expect(cut.message).toMatch(/file ends where .*interval 2 xmin.* was expected/);
    expect(cut.line).toBe(18);
    const bad = await failure('bad.TextGrid', `${head}        intervals [2]:\n            xmin = 1\n            xmax = oops\n            text = "b"\n`);
    expect([bad.line, bad.message]).toEqual([22, expect.stringMatching(/expected a number for tier 1 interval 2 xmax, found the text "b"/)]);
    const quote = await failure('quote.TextGrid', `${head}        intervals [2]:\n            xmin = 1\n            xmax = 2\n            text = "never closed\n`);
    expect([quote.line, quote.message]).toEqual([22, expect.stringMatching(/unterminated string/)]);
    const rev = await failure('rev.TextGrid', `${head}        intervals [2]:\n            xmin = 1.5\n            xmax = 1.2\n            text = "b"\n`);
    expect([rev.line, rev.message]).toEqual([20, expect.stringMatching(/ends before it starts/)]);
    expect((await failure('bin.TextGrid', 'ooBinaryFile\u0008TextGrid')).message).toMatch(/binary TextGrid/);
  });

  it('a 20 MB single cue is refused, naming its line', async () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    const v = await failure('huge.vtt', `WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:03.000 --> 00:04.000\n${huge}\n`);
    expect([v.line, v.message]).toEqual([6, expect.stringMatching(new RegExp(`over the ${MAX_CUE_CHARS}-character limit`))]);
    const c = await failure('huge.csv', `start,end,text\n1,2,"${'y'.repeat(MAX_CUE_CHARS + 1)}"\n`);
    expect(c.message).toMatch(/character limit/);
    expect(c.line).toBe(2);
  });

  it('CSV without a unit-declaring header, with mixed units, or with a broken quote', async () => {
    expect((await failure('nohead.csv', '1,2,hello\n')).message).toMatch(/header/);
    expect((await failure('units.csv', 'start_ms,end,text\n1,2,a\n')).message).toMatch(/different units/);
    const q = await failure('quote.csv', 'start,end,text\n1,2,"open\n3,4,b\n');
    expect(q.message).toMatch(/malformed CSV/);
    expect(q.line).toBeGreaterThanOrEqual(2);
  });

  it('unrecognised content, missing files and folders', async () => {
    expect((await failure('notes.txt', 'just some words\n')).message).toMatch(/unrecognised transcript format/);
    const missing = path.join(tmp.dir, 'missing.vtt');
    await expect(parseTranscript(missing)).rejects.toThrow(/missing\.vtt: cannot read transcript: ENOENT/);
    await expect(parseTranscript(tmp.dir)).rejects.toThrow(/not a regular file/);
  });
});

describe('valid files with strange names parse and run nothing', () => {
  const names = ['with space.vtt', `quote's "double".srt`, '$(touch PWNED) `id`.csv', 'überprüfung 会议 ñ.TextGrid', '-leading-dash;rm -rf x.json'];
  const bodies: Record<string, string> = {
    '.vtt': 'WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n',
    '.srt': '1\n00:00:01,000 --> 00:00:02,000\nhi\n',
    '.csv': 'start,end,text\n1,2,hi\n',
    '.TextGrid': 'File type = "ooTextFile"\nObject class = "TextGrid"\n0\n2\n<exists>\n1\n"IntervalTier"\n"S"\n0\n2\n1\n1\n2\n"hi"\n',
    '.json': JSON.stringify({ segments: [{ start: 1, end: 2, text: 'hi' }] }),
  };
  for (const name of names) {
    it(name, async () => {
      const file = tmp.write(name, bodies[path.extname(name)]);
      const cues = await parseTranscript(file);
      expect(cues.map((c) => [c.startMs, c.endMs, c.text])).toEqual([[1000, 2000, 'hi']]);
      expect(existsSync(path.join(tmp.dir, 'PWNED'))).toBe(false);
      expect(existsSync('PWNED')).toBe(false);
    });
  }
});
