/**
 * Japanese throughout (issue 15, item 4): a Japanese transcript imports, exports to every text format
 * as UTF-8 without a BOM (as every Attune export is), and the exported file, imported again as a
 * transcript, gives the same text, speakers and times. Real ffmpeg media, real files, the EAF checked
 * against ELAN's schema.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type AttuneService } from './index';
import { parseTranscript } from '../formats/transcripts';
import { readExportFile } from '../formats/exports';
import { EAF_XSD, itNeeds } from '../test-util/needs';

const noXmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0 ? null : 'xmllint is not installed (apt-get install libxml2-utils)';

// Cues a captioner would write: a sentence cut over two cues, 。！？ and full-width ？, English inside.
const VTT = `WEBVTT

00:00:00.500 --> 00:00:01.400
<v 田中>本日は新しい

00:00:01.500 --> 00:00:03.000
<v 田中>プランについてご説明します。

00:00:03.200 --> 00:00:05.000
<v 佐藤 花子>価格はいかがですか？

00:00:05.200 --> 00:00:07.500
<v 田中>Q3のrevenue forecastを見ると、とても良いです！

00:00:07.600 --> 00:00:09.000
<v 佐藤 花子>「本当ですか？」と聞きました。
`;

const WANT = [
  [500, 3000, '田中', '本日は新しいプランについてご説明します。'],
  [3200, 5000, '佐藤 花子', '価格はいかがですか？'],
  [5200, 7500, '田中', 'Q3のrevenue forecastを見ると、とても良いです！'],
  [7600, 9000, '佐藤 花子', '「本当ですか？」と聞きました。'],
];

let dir: string;
let media: string;
let svc: AttuneService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ja-roundtrip-'));
  media = path.join(dir, '商談 2026-12.m4a');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:d=10', '-c:a', 'aac', media]);
  fs.writeFileSync(path.join(dir, '商談.vtt'), VTT);
  svc = createService(path.join(dir, 'project'));
  await svc.api.importRecording({ mediaPath: media, transcriptPath: path.join(dir, '商談.vtt') });
  const segs = await svc.api.listSegments({});
  await svc.api.setLabel({ segmentId: segs[1].id, score: -1.5, note: '値段を気にしている' });
});
afterAll(async () => {
  await svc?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const shape = (xs: { startMs: number; endMs: number; speaker: string | null; text: string }[]) => xs.map((s) => [s.startMs, s.endMs, s.speaker, s.text]);

describe('a Japanese transcript', () => {
  it('imports as ja, fragments merged without a space, sentences at 。！？ kept apart', async () => {
    expect((await svc.api.listRecordings({}))[0].language).toBe('ja');
    expect(shape(await svc.api.listSegments({}))).toEqual(WANT);
  });

  for (const [format, ext] of [['csv', 'csv'], ['json', 'json'], ['vtt', 'vtt'], ['eaf', 'eaf'], ['textgrid', 'TextGrid']] as const) {
    it(`${format}: UTF-8 without a BOM, the exact text, and import → export → import gives the same text, speakers and times`, async () => {
      const out = path.join(dir, `書き出し.${ext}`);
      await svc.api.exportLabels({ format, outPath: out });
      const bytes = fs.readFileSync(out);
      expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      for (const [, , , t] of WANT) expect(text).toContain(format === 'json' ? JSON.stringify(t).slice(1, -1) : t);
      // The exported file read as a transcript of a new recording: the same cues.
      expect(shape(await parseTranscript(out)).filter((c) => c[2] !== 'sentiment')).toEqual(WANT);
      // And as an export: the labels with their Japanese note where the format carries notes.
      const rb = await readExportFile(format, out);
      expect(shape(rb.segments)).toEqual(WANT);
      expect(rb.labels.map((l) => l.score)).toEqual([-1.5]);
      if (format === 'csv' || format === 'json' || format === 'vtt') expect(rb.labels[0].note).toBe('値段を気にしている');
    });
  }

  itNeeds(noXmllint)('eaf: the Japanese export validates against EAFv3.0.xsd', async () => {
    const out = path.join(dir, '検証.eaf');
    await svc.api.exportLabels({ format: 'eaf', outPath: out });
    const r = spawnSync('xmllint', ['--noout', '--schema', EAF_XSD, out], { encoding: 'utf8' });
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('the exported CSV, opened and saved again by Excel as "CSV UTF-8" (with a BOM), still reads back', async () => {
    const out = path.join(dir, 'excel.csv');
    await svc.api.exportLabels({ format: 'csv', outPath: out });
    const withBom = path.join(dir, 'excel-bom.csv');
    fs.writeFileSync(withBom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(out)]));
    expect(shape((await readExportFile('csv', withBom)).segments)).toEqual(WANT);
  });

  it('re-imported from its own EAF export, a second recording has the same segments and language', async () => {
    const out = path.join(dir, 'again.eaf');
    await svc.api.exportLabels({ format: 'eaf', outPath: out });
    const { recordingId } = await svc.api.importRecording({ mediaPath: media, transcriptPath: out });
    expect((await svc.api.listRecordings({})).find((r) => r.id === recordingId)?.language).toBe('ja');
    expect(shape(await svc.api.listSegments({ recordingId }))).toEqual(WANT);
  });
});
