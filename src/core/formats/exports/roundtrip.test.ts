import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AttuneError } from '../../../shared/errors';
import type { ExportFormat, Segment } from '../../../shared/types';
import { exportLabels, readExport, readExportFile } from './index';
import type { ExportData, ReadBack } from './types';
import { parseTranscript } from '../transcripts/index';
import { meeting, twoMeetings } from '../test-util/fixture';
import { tempDir } from '../test-util/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const media = path.join(tmp.dir, 'Board meeting ü.mp4');

const shape = (s: Pick<Segment, 'recordingId' | 'startMs' | 'endMs' | 'speaker' | 'text'>) => `${s.recordingId}|${s.startMs}|${s.endMs}|${s.speaker}|${s.text}`;
const segmentsOf = (d: ExportData) => d.segments.map(shape).sort();
const scoresOf = (d: ExportData) => d.segments.filter((s) => s.label).map((s) => `${shape(s)} => ${s.label!.score}`).sort();
const readScores = (rb: ReadBack) => {
  const byId = new Map(rb.segments.map((s) => [s.id, s]));
  return rb.labels.map((l) => `${shape(byId.get(l.segmentId)!)} => ${l.score}`).sort();
};

describe('export → read back gives the same segments and labels', () => {
  const one = meeting(media);
  const two = twoMeetings(media);

  for (const format of ['csv', 'json'] as const) {
    it(`${format}: everything, ids, notes and times of labelling included, across recordings`, () => {
      const rb = readExport(format, exportLabels(format, two));
      expect(rb.segments.map(shape).sort()).toEqual(segmentsOf(two));
      expect(readScores(rb)).toEqual(scoresOf(two));
      const want = two.segments.filter((s) => s.label).map((s) => ({ segmentId: s.id, score: s.label!.score, note: s.label!.note, updatedAt: s.label!.updatedAt }));
      expect([...rb.labels].sort((a, b) => a.segmentId.localeCompare(b.segmentId))).toEqual(want.sort((a, b) => a.segmentId.localeCompare(b.segmentId)));
      expect(rb.segments.map((s) => s.id).sort()).toEqual(two.segments.map((s) => s.id).sort());
    });
  }

  it('vtt: segments, speakers (incl. none), labels with notes; ids kept where a cue id can hold them', () => {
    const text = exportLabels('vtt', one);
    expect(text).toContain('<v Bob>He said "no" &amp; &lt;left&gt; --&gt; fast');
    const rb = readExport('vtt', text);
    expect(rb.segments.map(shape).sort()).toEqual(segmentsOf(one));
    expect(readScores(rb)).toEqual(scoresOf(one));
    expect(rb.recordings).toEqual([{ id: 'rec-1', name: 'Board meeting ü.mp4' }]);
    expect(rb.labels.find((l) => l.segmentId === 's2')).toEqual({ segmentId: 's2', score: -2.25, note: 'note with "quotes", commas\nand a newline', updatedAt: one.segments[1].label!.updatedAt });
    expect(rb.segments.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 'seg 7:x', 's8']);
  });

  it('eaf: segments, speakers and scores; XML-safe ids kept', () => {
    const rb = readExport('eaf', exportLabels('eaf', one));
    expect(rb.segments.map(shape).sort()).toEqual(segmentsOf(one));
    expect(readScores(rb)).toEqual(scoresOf(one));
    expect(rb.recordings).toEqual([{ id: 'rec-1', name: 'Board meeting ü.mp4' }]);
    expect(rb.segments.map((s) => s.id).filter((id) => /^s\d$/.test(id))).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's8']);
  });

  it('textgrid: segments, speakers (tier-name conventions decoded) and scores', async () => {
    const file = tmp.write('export ü.TextGrid', exportLabels('textgrid', one));
    const rb = await readExportFile('textgrid', file, { recordingId: 'rec-1' });
    expect(rb.segments.map(shape).sort()).toEqual(segmentsOf(one));
    expect(readScores(rb)).toEqual(scoresOf(one));
  });

  it('mmsa: labels and texts read back against the project (the file has no times)', () => {
    const text = exportLabels('mmsa', two);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('video_id,clip_id,text,label,label_T,label_A,label_V,annotation,mode');
    expect(lines[1]).toBe('Board meeting ü,1,"Hello, everyone — welcome.",1.5,,,,Positive,train');
    expect(text).toContain('Board meeting ü,3,"Overlap, line one\nline two",,,,,,unlabelled\n');
    expect(lines).toContain('standup,1,Quick update,-0.5,,,,Negative,train');
    const rb = readExport('mmsa', text, { reference: two });
    expect(rb.segments.map(shape).sort()).toEqual(segmentsOf(two));
    expect(readScores(rb)).toEqual(scoresOf(two));
    expect(() => readExport('mmsa', text)).toThrow(/needs the project/);
    const other = { ...two, segments: two.segments.map((s) => (s.id === 't1' ? { ...s, text: 'changed' } : s)) };
    expect(() => readExport('mmsa', text, { reference: other })).toThrow(/different text/);
  });

  it('timeline formats refuse several recordings unless one is chosen', () => {
    for (const f of ['eaf', 'textgrid', 'vtt'] as ExportFormat[]) {
      expect(() => exportLabels(f, two)).toThrow(AttuneError);
      expect(() => exportLabels(f, two)).toThrow(/one recording's timeline.*Board meeting ü\.mp4, standup\.wav/);
      const rb = readExport(f, exportLabels(f, two, { recordingId: 'rec-2' }), { recordingId: 'rec-2' });
      expect(rb.segments.map(shape).sort()).toEqual(two.segments.filter((s) => s.recordingId === 'rec-2').map(shape).sort());
    }
  });

  it('exports that are transcripts too import as the same cues (sentiment tiers skipped)', async () => {
    const expected = one.segments.map((s) => `${s.startMs}|${s.endMs}|${s.text}`).sort();
    for (const [format, ext] of [['vtt', 'vtt'], ['eaf', 'eaf'], ['csv', 'csv'], ['json', 'json'], ['textgrid', 'TextGrid']] as const) {
      const file = tmp.write(`as-transcript.${ext}`, exportLabels(format, one));
      const cues = await parseTranscript(file);
      expect(cues.map((c) => `${c.startMs}|${c.endMs}|${c.text}`).sort(), format).toEqual(expected);
    }
  });

  it('bad label values in an export are input errors with their place', () => {
    const csv = exportLabels('csv', one).replace(',1.5,warm --> open,', ',7,warm --> open,');
    expect(() => readExport('csv', csv, { file: 'x.csv' })).toThrow(/x\.csv:2: score "7" is not a number in \[-3, 3\]/);
    const tg = exportLabels('textgrid', one).replace('text = "-2.25"', 'text = "very bad"');
    expect(() => readExport('textgrid', tg, { file: 'x.TextGrid' })).toThrow(/x\.TextGrid:\d+: score "very bad"/);
    const eaf = exportLabels('eaf', one).replace('<ANNOTATION_VALUE>-2.25</ANNOTATION_VALUE>', '<ANNOTATION_VALUE>very bad</ANNOTATION_VALUE>');
    expect(() => readExport('eaf', eaf, { file: 'x.eaf' })).toThrow(/x\.eaf:\d+: sentiment annotation "[^"]+": score "very bad"/);
    const vtt = exportLabels('vtt', one).replace('"score":1.5', '"score":"high"');
    expect(() => readExport('vtt', vtt, { file: 'x.vtt' })).toThrow(/x\.vtt:5: malformed attune-label NOTE/);
  });
});
