/**
 * A Japanese recording's text is not scored by the English text encoder (issue 15, item 2): no text
 * input to the model, no text score, the fused score from voice (and face) only. Real ffmpeg, ONNX.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type AttuneService } from '../service/index';
import { headScore } from '../../shared/presence';
import { listPredictions } from '../store/predictions';
import { analyzeProject } from './analyze';
import { readFeatureRows } from './feature-matrix';

const VTT = `WEBVTT

00:00:00.500 --> 00:00:03.000
<v 田中>本日は新しいプランについてご説明します。

00:00:03.200 --> 00:00:06.000
<v 佐藤>価格はいかがですか？とても良いと思います！
`;

let dir: string;
let svc: AttuneService;
let ja: string;
let en: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ja-text-'));
  const media = path.join(dir, 'tone.m4a');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=180:d=7', '-c:a', 'aac', media]);
  const vtt = path.join(dir, 'ja.vtt');
  fs.writeFileSync(vtt, VTT);
  svc = createService(path.join(dir, 'project'));
  ja = (await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt })).recordingId;
  // The same words marked English: the English path, for comparison.
  en = (await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt, language: 'en' })).recordingId;
  await analyzeProject(svc.db, { ep: 'cpu' });
}, 120_000);
afterAll(async () => {
  await svc?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('text of a recording in a language the text encoder does not read', () => {
  it('is no model input, has no text score and no text interval; voice still scores', async () => {
    const segs = await svc.api.listSegments({});
    const recOf = new Map(segs.map((s) => [s.id, s.recordingId]));
    const rows = await readFeatureRows(svc.db);
    expect(rows.filter((r) => r.segment.recordingId === ja).map((r) => r.text)).toEqual([null, null]);
    expect(rows.filter((r) => r.segment.recordingId === en).every((r) => r.text?.length === 384)).toBe(true);

    const preds = listPredictions(svc.db);
    const jaPreds = preds.filter((p) => recOf.get(p.segmentId) === ja);
    const enPreds = preds.filter((p) => recOf.get(p.segmentId) === en);
    expect(jaPreds).toHaveLength(2);
    for (const p of jaPreds) {
      expect(p.present?.text).toBe(false);
      expect(headScore(p, 'text')).toBeNull();
      expect(p.spread.text).toBeNull();
      expect(headScore(p, 'audio')).not.toBeNull();
    }
    for (const p of enPreds) expect(headScore(p, 'text')).not.toBeNull();
    // The fused score differs once the text evidence is gone: it was weighed in for the English twin.
    expect(jaPreds.map((p) => p.scores.fused)).not.toEqual(enPreds.map((p) => p.scores.fused));
    // The API the views read says the same.
    const viaApi = (await svc.api.predictions({})).filter((p) => recOf.get(p.segmentId) === ja);
    expect(viaApi.map((p) => p.present?.text)).toEqual([false, false]);
  });
});
