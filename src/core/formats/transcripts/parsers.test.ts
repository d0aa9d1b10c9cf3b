import { afterAll, describe, expect, it } from 'vitest';
import { parseTranscript, parseTranscriptText } from './index';
import { tempDir } from '../test-util/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const plain = (cues: { startMs: number; endMs: number; speaker: string | null; text: string }[]) =>
  cues.map(({ startMs, endMs, speaker, text }) => ({ startMs, endMs, speaker, text }));

describe('WebVTT', () => {
  it('reads Zoom style "Name: text" cues, NOTE/STYLE/REGION blocks and multi-line payloads', async () => {
    const file = tmp.write(
      'zoom.vtt',
      [
        'WEBVTT Kind: captions',
        'Language: en',
        '',
        'STYLE',
        '::cue { color: yellow }',
        '',
        'REGION',
        'id:fred width:40%',
        '',
        'NOTE this is a comment',
        'spanning two lines',
        '',
        '1',
        '00:00:01.500 --> 00:00:04.250 align:start position:10%',
        'Ana Lopez: Hello everyone,',
        'thanks for joining.',
        '',
        '2',
        '00:04.250 --> 00:00:06.000',
        'Bob: Thanks &amp; hi <c.yellow>there</c>.',
        '',
        '3',
        '01:00:00.000 --> 01:00:01.001',
        'Ana Lopez: Late <00:00:00.500>remark',
        '',
      ].join('\r\n'),
    );
    expect(plain(await parseTranscript(file))).toEqual([
      { startMs: 1500, endMs: 4250, speaker: 'Ana Lopez', text: 'Hello everyone,\nthanks for joining.' },
      { startMs: 4250, endMs: 6000, speaker: 'Bob', text: 'Thanks & hi there.' },
      { startMs: 3_600_000, endMs: 3_601_001, speaker: 'Ana Lopez', text: 'Late remark' },
    ]);
  });

  it('reads Teams style <v Name> cues with GUID-like ids and reports the timing line', () => {
    const text = [
      'WEBVTT',
      '',
      '6b0e5a45-9f43-4c1f-a7a2-3e0d2b1c9e11/18-0',
      '00:00:03.120 --> 00:00:05.000',
      '<v Priya Shah>We shipped it.</v>',
      '',
      '6b0e5a45-9f43-4c1f-a7a2-3e0d2b1c9e11/19-0',
      '00:00:00.500 --> 00:00:02.000',
      '<v.loud Tom O&apos;Neil>Great news.</v>',
    ].join('\n');
    const cues = parseTranscriptText('teams.vtt', text);
    expect(plain(cues)).toEqual([
      { startMs: 500, endMs: 2000, speaker: "Tom O'Neil", text: 'Great news.' },
      { startMs: 3120, endMs: 5000, speaker: 'Priya Shah', text: 'We shipped it.' },
    ]);
    expect(cues[1].line).toBe(4);
  });

  it('keeps plain cues without speakers, and does not mistake an occasional "Note:" for a name', () => {
    const text = ['WEBVTT', '', '00:01.000 --> 00:02.000', 'Note: the budget grew.', '', '00:02.000 --> 00:03.000', 'Then we met again', '', '00:03.000 --> 00:04.000', 'and again'].join('\n');
    expect(plain(parseTranscriptText('plain.vtt', text)).map((c) => [c.speaker, c.text])).toEqual([
      [null, 'Note: the budget grew.'],
      [null, 'Then we met again'],
      [null, 'and again'],
    ]);
  });
});

describe('SRT', () => {
  it('reads numbered blocks with comma milliseconds, tags and a BOM', () => {
    const text = '\uFEFF1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> {\\an8}world\n\n2\n00:00:02,500 --> 00:00:04,000\nSecond line\nwraps here\n\n\n';
    expect(plain(parseTranscriptText('a.srt', text))).toEqual([
      { startMs: 1000, endMs: 2500, speaker: null, text: 'Hello world' },
      { startMs: 2500, endMs: 4000, speaker: null, text: 'Second line\nwraps here' },
    ]);
  });
});

describe('Whisper / WhisperX JSON', () => {
  it('reads Whisper segments (seconds to integer ms)', () => {
    const doc = { text: ' Hi. Bye.', language: 'en', segments: [{ id: 0, seek: 0, start: 0.0, end: 1.2345, text: ' Hi.', tokens: [1] }, { id: 1, seek: 0, start: 1.24, end: 2.0, text: ' Bye.', tokens: [2] }] };
    expect(plain(parseTranscriptText('w.json', JSON.stringify(doc)))).toEqual([
      { startMs: 0, endMs: 1235, speaker: null, text: 'Hi.' },
      { startMs: 1240, endMs: 2000, speaker: null, text: 'Bye.' },
    ]);
  });

  it('reads WhisperX speakers from segments, or the majority of word speakers', () => {
    const doc = {
      segments: [
        { start: 0.5, end: 1.5, text: ' Good morning.', speaker: 'SPEAKER_00', words: [{ word: 'Good', start: 0.5, end: 0.8, score: 0.9, speaker: 'SPEAKER_00' }] },
        { start: 1.6, end: 3, text: ' Morning!', words: [{ word: 'Morning!', start: 1.6, end: 2, score: 0.8, speaker: 'SPEAKER_01' }, { word: 'x', score: 0.1 }] },
      ],
      word_segments: [],
    };
    expect(plain(parseTranscriptText('wx.json', JSON.stringify(doc))).map((c) => c.speaker)).toEqual(['SPEAKER_00', 'SPEAKER_01']);
  });
});

describe('ELAN EAF', () => {
  it('reads alignable annotations per tier, PARTICIPANT or tier id as speaker, fills empty turns from ref annotations, interpolates unaligned slots', () => {
    const eaf = `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00Z" FORMAT="3.0" VERSION="3.0">
  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
  <TIME_ORDER>
    <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/>
    <TIME_SLOT TIME_SLOT_ID="ts2"/>
    <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/>
    <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4000"/>
    <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="5500"/>
  </TIME_ORDER>
  <TIER LINGUISTIC_TYPE_REF="default" PARTICIPANT="Maria" TIER_ID="A">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Hola &amp; bienvenidos</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3"><ANNOTATION_VALUE></ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="A" TIER_ID="A-en">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a3" ANNOTATION_REF="a1"><ANNOTATION_VALUE>Hello and welcome</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a2"><ANNOTATION_VALUE>filled from child</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="default" TIER_ID="Interviewer">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a5" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5"><ANNOTATION_VALUE>Gracias</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false" CONSTRAINTS="Symbolic_Association"/>
</ANNOTATION_DOCUMENT>`;
    expect(plain(parseTranscriptText('x.eaf', eaf))).toEqual([
      { startMs: 1000, endMs: 2000, speaker: 'Maria', text: 'Hola & bienvenidos' },
      { startMs: 2000, endMs: 3000, speaker: 'Maria', text: 'filled from child' },
      { startMs: 4000, endMs: 5500, speaker: 'Interviewer', text: 'Gracias' },
    ]);
  });
});

const LONG_TG = `File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 2.3
tiers? <exists>
size = 3
item []:
    item [1]:
        class = "IntervalTier"
        name = "Mary"
        xmin = 0
        xmax = 2.3
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 0.7
            text = "říkej ""ahoj"""
        intervals [2]:
            xmin = 0.7
            xmax = 1.6
            text = ""
        intervals [3]:
            xmin = 1.6
            xmax = 2.3
            text = "two
lines"
    item [2]:
        class = "TextTier"
        name = "bell"
        xmin = 0
        xmax = 2.3
        points: size = 1
        points [1]:
            number = 0.9
            mark = "ding"
    item [3]:
        class = "IntervalTier"
        name = "John"
        xmin = 0
        xmax = 2.3
        intervals: size = 1
        intervals [1]:
            xmin = 0.25
            xmax = 1
            text = "yes"
`;

describe('Praat TextGrid', () => {
  const expected = [
    { startMs: 0, endMs: 700, speaker: 'Mary', text: 'říkej "ahoj"' },
    { startMs: 250, endMs: 1000, speaker: 'John', text: 'yes' },
    { startMs: 1600, endMs: 2300, speaker: 'Mary', text: 'two\nlines' },
  ];

  it('reads the long text format (quotes doubled, multi-line text, point tiers skipped, empty intervals skipped)', () => {
    expect(plain(parseTranscriptText('a.TextGrid', LONG_TG))).toEqual(expected);
  });

  it('reads the short text format and a UTF-16 file with BOM', async () => {
    const short = ['File type = "ooTextFile short"', '"TextGrid"', '', '0', '2.3', '<exists>', '2', '"IntervalTier"', '"Mary"', '0', '2.3', '2', '0', '0.7', '"říkej ""ahoj"""', '0.7', '2.3', '""', '"IntervalTier"', '"John"', '0  2.3  ! domain', '1 interval coming', '0.25 1 "yes"'].join('\n');
    expect(plain(parseTranscriptText('s.TextGrid', short))).toEqual([expected[0], expected[1]]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LONG_TG, 'utf16le')]);
    expect(plain(await parseTranscript(tmp.write('utf16.TextGrid', le)))).toEqual(expected);
  });
});

describe('CSV', () => {
  it('reads seconds (decimal or clock) with speaker', () => {
    const csv = 'start,end,speaker,text\n0.5,1.25,Ann,"Hello, world"\n00:01:02.5,00:01:03,Ben,"He said ""no""\nthen left"\n';
    expect(plain(parseTranscriptText('a.csv', csv))).toEqual([
      { startMs: 500, endMs: 1250, speaker: 'Ann', text: 'Hello, world' },
      { startMs: 62_500, endMs: 63_000, speaker: 'Ben', text: 'He said "no"\nthen left' },
    ]);
  });

  it('reads milliseconds from start_ms,end_ms and tab-separated files, ignoring extra columns', () => {
    expect(plain(parseTranscriptText('a.tsv', 'id\tstart_ms\tend_ms\ttext\n7\t1500\t2500\tok\n'))).toEqual([{ startMs: 1500, endMs: 2500, speaker: null, text: 'ok' }]);
  });
});

describe('encodings and diarised prefixes', () => {
  it('reads UTF-16BE with BOM and a UTF-8 BOM, and strips brackets from "[SPEAKER_00]: " prefixes', async () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Grüß dich\n\n2\n00:00:02,000 --> 00:00:03,000\n[SPEAKER_01]: 你好\n';
    const be = Buffer.from(`\uFEFF${srt}`, 'utf16le').swap16();
    const want = [
      { startMs: 1000, endMs: 2000, speaker: 'SPEAKER_00', text: 'Grüß dich' },
      { startMs: 2000, endMs: 3000, speaker: 'SPEAKER_01', text: '你好' },
    ];
    expect(plain(await parseTranscript(tmp.write('be.srt', be)))).toEqual(want);
    expect(plain(await parseTranscript(tmp.write('bom.srt', `\uFEFF${srt}`)))).toEqual(want);
    expect(plain(parseTranscriptText('bom.vtt', '\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nx\n'))).toHaveLength(1);
  });
});

describe('format sniffing', () => {
  it('picks the parser from content for .txt files', async () => {
    const vtt = tmp.write('a.txt', 'WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n');
    const srt = tmp.write('b.txt', '1\n00:00:01,000 --> 00:00:02,000\nhi\n');
    const csv = tmp.write('c.txt', 'start_s,end_s,text\n1,2,hi\n');
    for (const f of [vtt, srt, csv]) expect(plain(await parseTranscript(f))).toEqual([{ startMs: 1000, endMs: 2000, speaker: null, text: 'hi' }]);
  });
});
