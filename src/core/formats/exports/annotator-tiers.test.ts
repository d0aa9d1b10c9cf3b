import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Label, LabelledSegment, Prediction, Recording } from '../../../shared/types';
import { EAF_XSD as xsd, itNeeds } from '../../test-util/needs';
import { tempDir } from '../test-util/tmp';
import { exportLabels, readExport } from './index';

/** Exports with every annotator's labels (issue 16, item 4) and the model's score tiers in EAF/TextGrid (issue 18, item 12). */

const rec: Recording = { id: 'rec-1', name: 'call.wav', mediaPath: '/m/call.wav', transcriptPath: null, durationMs: 9000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: '2026-12-01T00:00:00Z', language: 'en' };
const lab = (segmentId: string, score: number, note: string | null = null): Label => ({ segmentId, score, note, updatedAt: '2026-12-01T00:00:01Z' });
// s2 and s3 overlap (two speakers at once): per-annotator and model tiers need a second lane there.
const segs: LabelledSegment[] = [
  { id: 's1', recordingId: 'rec-1', startMs: 0, endMs: 1000, speaker: 'Ada', text: 'Great, thanks.', label: lab('s1', 2) },
  { id: 's2', recordingId: 'rec-1', startMs: 1000, endMs: 2500, speaker: 'Ben', text: 'Hm.', label: lab('s2', -1) },
  { id: 's3', recordingId: 'rec-1', startMs: 2000, endMs: 3000, speaker: 'Cy', text: 'No.', label: null },
];
const annotators = [
  { annotator: 'Ada', labels: new Map([['s1', lab('s1', 2, 'sure')], ['s2', lab('s2', 0.5)], ['s3', lab('s3', -3)]]) },
  { annotator: 'Ben', labels: new Map([['s2', lab('s2', -1)], ['s3', lab('s3', -2)]]) },
];
const pred = (id: string, fused: number): Prediction => ({
  segmentId: id, startMs: 0, endMs: 0, speaker: null, text: '',
  scores: { text: 1.5, audio: -0.25, video: 0.7, fused },
  spread: { text: 0.5, audio: 1, video: 0.6, fused: 0.4 },
  confidence: 0.9, modelVersion: 'v-7', present: { text: true, audio: true, video: false },
});
const predictions = new Map([['s1', pred('s1', 1.2)], ['s2', pred('s2', -0.4)], ['s3', pred('s3', 0)]]);
const gold = { recordings: [rec], segments: segs, exportedAt: '2026-12-01T00:00:02Z' };
const all = { ...gold, annotators };
const scoresOf = (labels: { segmentId: string; score: number }[]) => Object.fromEntries(labels.map((l) => [l.segmentId, l.score]));

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const noXmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0 ? null : 'xmllint is not installed (apt-get install libxml2-utils)';

describe('exports of every annotator, and of the model, as tiers', () => {
  it('the gold-only export is what it was: no annotator tier, column or field; with every annotator, the gold part is unchanged', () => {
    for (const f of ['csv', 'json', 'eaf', 'textgrid'] as const) expect(exportLabels(f, gold)).not.toMatch(/sentiment:|score:|annotatorLabels/);
    const withAll = parse(exportLabels('csv', all)) as string[][];
    expect(withAll.map((r) => r.slice(0, -2))).toEqual(parse(exportLabels('csv', gold)));
    const json = JSON.parse(exportLabels('json', all));
    delete json.annotatorLabels;
    expect(json).toEqual(JSON.parse(exportLabels('json', gold)));
  });

  it('EAF: a sentiment:NAME tier per annotator (ANNOTATOR set, lanes where segments overlap) that reads back tier by tier; the gold tier reads back alone', () => {
    const eaf = exportLabels('eaf', all);
    expect(eaf).toContain('ANNOTATOR="Ada" LINGUISTIC_TYPE_REF="attune-sentiment" TIER_ID="sentiment:Ada"');
    expect(eaf).toContain('TIER_ID="sentiment:Ada #2"'); // s2 and s3 overlap
    const plain = readExport('eaf', exportLabels('eaf', gold));
    const back = readExport('eaf', eaf);
    expect(back.segments).toEqual(plain.segments); // annotator tiers are not utterances
    expect(scoresOf(back.labels)).toEqual({ s1: 2, s2: -1 });
    expect(scoresOf(readExport('eaf', eaf, { from: 'sentiment:Ada' }).labels)).toEqual({ s1: 2, s2: 0.5, s3: -3 });
    expect(scoresOf(readExport('eaf', eaf, { from: 'sentiment:Ben' }).labels)).toEqual({ s2: -1, s3: -2 });
    expect(() => readExport('eaf', eaf, { from: 'sentiment:Dee', file: 'x.eaf' })).toThrow(/x\.eaf.*no tier named "sentiment:Dee".*sentiment:Ada/);
  });

  it("EAF: the model's tiers per head with their 80 % intervals and the confidence, the version in the header; a read-back passes over them", () => {
    const eaf = exportLabels('eaf', { ...all, predictions });
    for (const t of ['model:fused', 'model:fused 80%', 'model:text', 'model:voice', 'model:confidence', 'model:fused #2']) expect(eaf).toContain(`TIER_ID="${t}"`);
    expect(eaf).not.toContain('TIER_ID="model:face"'); // no video: no face score anywhere
    expect(eaf).toContain('<PROPERTY NAME="attune:modelVersion">v-7</PROPERTY>');
    expect(eaf).toMatch(/<ANNOTATION_VALUE>\[0\.6874, 1\.7126\]<\/ANNOTATION_VALUE>/); // 1.2 ± 1.2816 × 0.4
    const back = readExport('eaf', eaf);
    expect(back.segments.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(scoresOf(readExport('eaf', eaf, { from: 'model:fused' }).labels)).toEqual({ s1: 1.2, s2: -0.4, s3: 0 });
  });

  itNeeds(noXmllint)('EAF with every annotator and the model validates against the ELAN schema', () => {
    const file = tmp.write('all.eaf', exportLabels('eaf', { ...all, predictions }));
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('TextGrid: sentiment:NAME and model:* tiers, read back by name; a speaker called like one keeps being a speaker', () => {
    const tg = exportLabels('textgrid', { ...all, predictions });
    expect(tg).toContain('name = "sentiment:Ben"');
    expect(tg).toContain('name = "model:fused 80%"');
    const back = readExport('textgrid', tg);
    expect(back.segments.map((s) => s.speaker)).toEqual(['Ada', 'Ben', 'Cy']);
    expect(back.labels.map((l) => l.score)).toEqual([2, -1]);
    const ada = readExport('textgrid', tg, { from: 'sentiment:Ada' });
    expect(ada.labels.map((l) => [back.segments.find((s) => s.id === l.segmentId)!.text, l.score])).toEqual([['Great, thanks.', 2], ['Hm.', 0.5], ['No.', -3]]);
    const odd = exportLabels('textgrid', { ...gold, segments: [{ ...segs[0], speaker: 'model:x' }] });
    expect(readExport('textgrid', odd).segments[0].speaker).toBe('model:x');
    expect(() => readExport('textgrid', tg, { from: 'sentiment:Dee' })).toThrow(/no interval tier named "sentiment:Dee"/);
  });

  it('CSV: a score:NAME column per annotator after the gold label; JSON: annotatorLabels; each reads back by name', () => {
    const csv = exportLabels('csv', all);
    const rows = parse(csv) as string[][];
    expect(rows[0].slice(6)).toEqual(['score', 'note', 'labelled_at', 'score:Ada', 'score:Ben']);
    expect(rows.slice(1).map((r) => r.slice(-2))).toEqual([['2', ''], ['0.5', '-1'], ['-3', '-2']]);
    expect(scoresOf(readExport('csv', csv).labels)).toEqual({ s1: 2, s2: -1 });
    expect(scoresOf(readExport('csv', csv, { from: 'score:Ben' }).labels)).toEqual({ s2: -1, s3: -2 });
    expect(() => readExport('csv', csv, { from: 'score:Dee', file: 'l.csv' })).toThrow(/l\.csv.*no column "score:Dee"/);
    const json = exportLabels('json', all);
    expect(JSON.parse(json).annotatorLabels).toContainEqual({ annotator: 'Ada', segmentId: 's1', score: 2, note: 'sure', updatedAt: '2026-12-01T00:00:01Z' });
    expect(readExport('json', json, { from: 'Ada' }).labels).toContainEqual({ segmentId: 's1', score: 2, note: 'sure', updatedAt: '2026-12-01T00:00:01Z' });
    expect(scoresOf(readExport('json', json).labels)).toEqual({ s1: 2, s2: -1 });
  });
});
