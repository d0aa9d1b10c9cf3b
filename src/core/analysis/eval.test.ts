import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES } from '../features/audio';
import { VIDEO_FEATURE_NAMES } from '../features/face';
import { HEADS, makeConfig, type Head } from '../selfmi/config';
import { exportModel } from '../selfmi/export-onnx';
import type { ModelPrediction } from '../selfmi/load';
import { evaluate, intervalCoverage } from '../selfmi/metrics';
import { syntheticSegments } from '../selfmi/synthetic';
import { trainInProcess } from '../selfmi/trainer';
import { checkOutputPath, evaluateLabelFile, findMedia, headReports, predictionColumns, predictionsCsv, readLabelCsv, reliabilityPathOf, speakerGrouping } from './eval';
import { defaultModelDir } from './models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const SENTENCES: Array<[string, string, number]> = [
  ['p1', 'I absolutely love this and it is wonderful', 2.6],
  ['p2', 'this is great and I am very happy', 2.2],
  ['p3', 'pretty good overall', 1.2],
  ['n1', 'this is terrible and I hate it', -2.6],
  ['n2', 'the worst movie I have ever seen', -2.8],
  ['n3', 'boring and disappointing', -1.6],
];
const csvOf = (rows: Array<[string, string, number]>, extra?: (r: [string, string, number], i: number) => string, header = 'id,text,label') =>
  `${header}${extra ? ',speaker' : ''}\n${rows.map((r, i) => `${r.join(',')}${extra ? `,${extra(r, i)}` : ''}`).join('\n')}\n`;

/** A fabricated prediction (for the pure parts: headReports, predictionsCsv). */
function pred(scores: Partial<Record<Head, number>>, spread: Partial<Record<Head, number>>, present: { text: number; audio: number; video: number }, selfmiFused = 0): ModelPrediction {
  const s = Object.fromEntries(HEADS.map((h) => [h, scores[h] ?? 0])) as Record<Head, number>;
  const sd = Object.fromEntries(HEADS.map((h) => [h, spread[h] ?? NaN])) as Record<Head, number>;
  const iv = Object.fromEntries(HEADS.map((h) => [h, Number.isNaN(sd[h]) ? null : [s[h] - 1.2815515655446004 * sd[h], s[h] + 1.2815515655446004 * sd[h]]])) as Record<Head, [number, number] | null>;
  return { scores: s, spread: sd, interval: iv, present, selfmiFused, confidence: 0.5, headConfidence: Object.fromEntries(HEADS.map((h) => [h, 0.5])) as Record<Head, number> };
}
const STATUS = {
  fused: { trained: true, note: 'fusion' },
  text: { trained: true, note: 'MOSI' },
  audio: { trained: true, note: 'RAVDESS' },
  video: { trained: false, note: 'untrained: no labelled face data' },
};

describe('attune eval: label files and speakers', () => {
  it('reads MMSA label.csv and id,text,label files, refusing bad rows by line', () => {
    const mmsa = readLabelCsv(write('label.csv', 'video_id,clip_id,text,label,label_T,label_A,label_V,annotation,mode\nvidA,3,"great, really",2.2,,,,Positive,test\nvidA,4,awful,-1.8,,,,Negative,train\n'));
    expect(mmsa.map((r) => [r.id, r.videoId, r.clipId, r.text, r.label, r.mode, r.speaker])).toEqual([
      ['vidA_3', 'vidA', '3', 'great, really', 2.2, 'test', 'vidA'],
      ['vidA_4', 'vidA', '4', 'awful', -1.8, 'train', 'vidA'],
    ]);
    expect(() => readLabelCsv(write('bad.csv', 'id,text,label\na,fine,1\nb,oops,not-a-number\n'))).toThrow(/bad\.csv:3.*not a number/);
    expect(() => readLabelCsv(write('cols.csv', 'name,score\nx,1\n'))).toThrow(/cols\.csv:1.*expected columns/);
  });

  it('groups by the speaker column, else video_id, else all clips as one speaker with a notice', () => {
    const withCol = write('spk.csv', 'id,text,label,Speaker\na,hi,1, Ada \nb,yo,-1,Ben\nc,ok,0,Ada\n');
    const rows = readLabelCsv(withCol);
    expect(rows.map((r) => r.speaker)).toEqual(['Ada', 'Ben', 'Ada']);
    expect(speakerGrouping(withCol, rows)).toEqual({ keys: ['Ada', 'Ben', 'Ada'], grouping: { by: 'speaker', speakers: 2, notice: null } });
    expect(() => readLabelCsv(write('spk-blank.csv', 'id,text,label,speaker\na,hi,1,Ada\nb,yo,-1,\n'))).toThrow(/spk-blank\.csv:3.*empty speaker/);

    const mmsa = write('mmsa.csv', 'video_id,clip_id,text,label\nv1,1,a,1\nv1,2,b,1\nv2,1,c,1\n');
    expect(speakerGrouping(mmsa, readLabelCsv(mmsa)).grouping).toEqual({ by: 'video_id', speakers: 2, notice: null });

    const plain = write('plain.csv', 'id,text,label\na,hi,1\nb,yo,-1\n');
    const g = speakerGrouping(plain, readLabelCsv(plain));
    expect(new Set(g.keys).size).toBe(1);
    expect(g.grouping.by).toBe('single');
    expect(g.grouping.notice).toMatch(/no speaker column.*all 2 clips.*ONE speaker.*add a speaker column/);
  });

  it('finds media in MMSA Raw layout or by id', () => {
    fs.mkdirSync(path.join(dir, 'Raw', 'vidA'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Raw', 'vidA', '3.mp4'), '');
    fs.writeFileSync(path.join(dir, 'Raw', 'solo.wav'), '');
    expect(findMedia(path.join(dir, 'Raw'), { id: 'vidA_3', videoId: 'vidA', clipId: '3' })).toBe(path.join(dir, 'Raw', 'vidA', '3.mp4'));
    expect(findMedia(path.join(dir, 'Raw'), { id: 'solo', videoId: null, clipId: null })).toBe(path.join(dir, 'Raw', 'solo.wav'));
    expect(findMedia(path.join(dir, 'Raw'), { id: 'none', videoId: null, clipId: null })).toBeNull();
  });

  it('refuses to write predictions over the label CSV, a media file under --media, or another output', () => {
    const labels = write('guard.csv', 'id,text,label\na,hi,1\n');
    fs.mkdirSync(path.join(dir, 'media', 'v'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'media', 'v', '1.mp4'), '');
    const inputs = { labelCsv: labels, media: path.join(dir, 'media') };
    expect(() => checkOutputPath(labels, inputs)).toThrow(/label CSV/);
    expect(() => checkOutputPath(path.join(dir, '.', 'guard.csv'), inputs)).toThrow(/label CSV/);
    expect(() => checkOutputPath(path.join(dir, 'media', 'v', '1.mp4'), inputs)).toThrow(/media file under --media/);
    expect(() => checkOutputPath(path.join(dir, 'media', 'new.wav'), inputs)).toThrow(/media file under --media/);
    expect(() => checkOutputPath(path.join(dir, 'media'), inputs)).toThrow(/is a folder/);
    expect(() => checkOutputPath(path.join(dir, 'nowhere', 'p.csv'), inputs)).toThrow(/does not exist/);
    expect(() => checkOutputPath(path.join(dir, 'p.csv'), { ...inputs, otherOutputs: [path.join(dir, 'p.csv')] })).toThrow(/two outputs/);
    // A CSV next to the media is fine.
    expect(checkOutputPath(path.join(dir, 'media', 'preds.csv'), inputs)).toBe(path.join(dir, 'media', 'preds.csv'));
    expect(reliabilityPathOf('/x/plot.SVG')).toBe('/x/plot.reliability.svg');
  });
});

describe('attune eval: per-head reports', () => {
  const preds = [
    pred({ fused: 1, text: 1.5, audio: -0.5, video: 0.3 }, { fused: 1, text: 0.5, audio: 1 }, { text: 1, audio: 1, video: 0.8 }, 0.9),
    pred({ fused: -1, text: -2, audio: 0.5 }, { fused: 1, text: 0.5, audio: 1 }, { text: 1, audio: 0, video: 0 }, -0.8),
    pred({ fused: 2, text: 2.5, audio: 1.5 }, { fused: 0.5, text: 0.5, audio: 1 }, { text: 1, audio: 1, video: 0 }, 1.7),
  ];
  const truth = [2, -1.5, 1];

  it('scores each head on the rows where its modality was present; untrained heads are null with the reason', () => {
    const { heads, selfmi } = headReports(preds, truth, STATUS, 'labels.csv');
    expect(heads.fused.n).toBe(3);
    expect(heads.fused.mae).toBeCloseTo(evaluate([1, -1, 2], truth).mae, 12);
    // |2-1|=1 > 1.28 * 1? no -> in; |-1.5+1| = .5 in; |1-2| = 1 > 0.64 -> out
    expect(heads.fused.coverage80).toBeCloseTo(2 / 3, 12);
    expect(heads.text.n).toBe(3);
    expect(heads.audio.n).toBe(2); // row 2 had no voice: not an audio-head miss
    expect(heads.audio.mae).toBeCloseTo((2.5 + 0.5) / 2, 12);
    expect(heads.audio.coverage80).toBe(intervalCoverage([-0.5, 1.5], [1, 1], [2, 1]));
    expect(heads.video).toMatchObject({ trained: false, n: 0, mae: null, corr: null, coverage80: null, reason: 'untrained: no labelled face data' });
    expect(selfmi).toMatchObject({ label: 'Self-MI concat head', n: 3, coverage80: null, meanWidth80: null, reason: null });
    expect(selfmi.mae).toBeCloseTo(evaluate([0.9, -0.8, 1.7], truth).mae, 12);

    // A trained head that got no input in any row is reported as such too.
    const noVoice = headReports(preds.map((p) => ({ ...p, present: { ...p.present, audio: 0 } })), truth, STATUS, 'labels.csv', false);
    expect(noVoice.heads.audio).toMatchObject({ trained: true, n: 0, mae: null, reason: expect.stringMatching(/no row had voice \(audio\) input.*--media/) });
  });

  it('writes one predictions row per item with every head\'s score, sd and interval', () => {
    const csv = predictionsCsv(
      truth.map((label, i) => ({ id: `r${i}`, label })),
      preds,
      { fused: true, text: true, audio: true, video: false },
    );
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(predictionColumns());
    expect(predictionColumns()).toEqual([
      'id', 'truth',
      'fused', 'fused_sd', 'fused_lo80', 'fused_hi80',
      'text', 'text_sd', 'text_lo80', 'text_hi80',
      'audio', 'audio_sd', 'audio_lo80', 'audio_hi80',
      'video', 'video_sd', 'video_lo80', 'video_hi80',
      'selfmi', 'present_text', 'present_audio', 'present_video',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ id: 'r0', truth: '2', fused: '1', fused_sd: '1', fused_lo80: String(Number((1 - 1.2815515655446004).toFixed(6))), audio: '-0.5', video: '', video_sd: '', selfmi: '0.9', present_video: '0.8' });
    expect(rows[1]).toMatchObject({ audio: '', audio_sd: '', audio_lo80: '', present_audio: '0' }); // no voice in row 2
  });
});

describe('attune eval on real models', () => {
  const dims = { text: 384, audio: AUDIO_FEATURE_NAMES.length, video: VIDEO_FEATURE_NAMES.length };
  let smallModel = '';
  beforeAll(async () => {
    // A small model with the real feature sizes, so the real text and voice pipelines feed it; its face head is untrained.
    const cfg = makeConfig({ dims, maxEpochs: 2, fusionModalities: ['text', 'audio'] });
    const r = await trainInProcess({ segments: syntheticSegments({ labelled: 40, unlabelled: 0, dims, seed: 3 }) }, cfg, { featureNames: { audio: [...AUDIO_FEATURE_NAMES], video: [...VIDEO_FEATURE_NAMES] } });
    r.model.heads.video = { trained: false, labelledExamples: 0, note: 'untrained: test model without face data' };
    smallModel = path.join(dir, 'small-model');
    await exportModel(r.model, smallModel, { note: 'eval test' });
  }, 60_000);

  it('scores the text path of the shipped model per head with MMSA metrics and draws both plots', async () => {
    const file = write('small.csv', csvOf(SENTENCES));
    const plot = path.join(dir, 'plot.svg');
    const m = await evaluateLabelFile(file, { modelDir: defaultModelDir(), ep: 'cpu', plot });
    expect(m.rows).toBe(6);
    expect(m.withMedia).toBe(false);
    expect(m.grouping).toBeNull();
    expect(m.heads.fused.n).toBe(6);
    expect(m.heads.fused.has0_acc2).toBe(1); // the text head gets the polarity of these plain sentences right
    expect(m.heads.fused.corr).toBeGreaterThan(0.8);
    expect(m.heads.fused.mae).toBeLessThan(1.5);
    expect(m.heads.text.n).toBe(6);
    expect(m.heads.audio.reason).toMatch(/no row had voice/);
    expect(m.heads.video.reason).not.toBeNull();
    expect(m.outputs).toEqual({ plot, reliability: path.join(dir, 'plot.reliability.svg'), predictions: null });
    expect(fs.readFileSync(plot, 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s\S]*<\/svg>\s*$/);
    expect(fs.readFileSync(m.outputs.reliability!, 'utf8')).toMatch(/<svg[\s\S]*id="diagonal"[\s\S]*<\/svg>\s*$/);
  });

  it('on a small exported model, the report agrees with its own predictions CSV; untrained face is null with its reason', async () => {
    const file = write('small2.csv', csvOf(SENTENCES));
    const predictions = path.join(dir, 'preds.csv');
    const m = await evaluateLabelFile(file, { modelDir: smallModel, ep: 'cpu', predictions });
    expect(m.heads.video).toMatchObject({ trained: false, mae: null, reason: 'untrained: test model without face data' });
    expect(m.heads.audio).toMatchObject({ trained: true, n: 0, mae: null });
    const rows = parse(fs.readFileSync(predictions), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(SENTENCES.map((s) => s[0]));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    const col = (k: string) => rows.map((r) => Number(r[k]));
    for (const h of ['fused', 'text'] as const) {
      expect(m.heads[h].n).toBe(6);
      expect(m.heads[h].mae).toBeCloseTo(evaluate(col(h), col('truth')).mae, 4);
      expect(m.heads[h].coverage80).toBe(intervalCoverage(col(h), col(`${h}_sd`), col('truth'), 0.8));
      expect(m.heads[h].meanWidth80).toBeGreaterThan(0);
    }
    expect(m.selfmi.mae).toBeCloseTo(evaluate(col('selfmi'), col('truth')).mae, 4);
    expect(rows.every((r) => r.audio === '' && r.video === '' && r.present_text === '1')).toBe(true);
  });

  it('with --media, groups clips as one speaker (with a notice) or by the speaker column, and scores the voice head', async () => {
    const media = path.join(dir, 'clips');
    fs.mkdirSync(media, { recursive: true });
    // Short words keep the voice pipeline quick; two voices (pitch 30 and 70) stand for two speakers.
    SENTENCES.slice(0, 4).forEach(([id], i) => execFileSync('espeak-ng', ['-p', i % 2 ? '70' : '30', '-w', path.join(media, `${id}.wav`), ['yes', 'no', 'fine', 'well'][i]]));
    const notices: string[] = [];
    const one = await evaluateLabelFile(write('media.csv', csvOf(SENTENCES.slice(0, 4))), { modelDir: smallModel, ep: 'cpu', media, onNotice: (n) => notices.push(n) });
    expect(one.grouping).toMatchObject({ by: 'single', speakers: 1 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/ONE speaker/);
    expect(one.heads.audio.n).toBe(4);
    expect(one.heads.audio.mae).not.toBeNull();

    const two = await evaluateLabelFile(write('media-spk.csv', csvOf(SENTENCES.slice(0, 4), (_, i) => (i % 2 ? 'high' : 'low'))), { modelDir: smallModel, ep: 'cpu', media, onNotice: (n) => notices.push(n) });
    expect(two.grouping).toEqual({ by: 'speaker', speakers: 2, notice: null });
    expect(notices).toHaveLength(1);
    // Normalised per speaker instead of over all clips: the voice inputs, so the voice head's scores, differ.
    expect(two.heads.audio.mae).not.toBe(one.heads.audio.mae);
  }, 60_000);
});
