import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { LabelledSegment, Prediction, Recording } from '../../../shared/types';
import { exportLabels, readExport } from './index';
import { SCORE_COLUMNS } from './scores';

const rec: Recording = { id: 'rec-1', name: 'call.wav', mediaPath: '/m/call.wav', transcriptPath: null, durationMs: 9000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: '2026-12-01T00:00:00Z', language: 'en' };
const segs: LabelledSegment[] = [
  { id: 's1', recordingId: 'rec-1', startMs: 0, endMs: 1000, speaker: 'Ada', text: 'Great, thanks.', label: { segmentId: 's1', score: 2, note: null, updatedAt: '2026-12-01T00:00:01Z' } },
  { id: 's2', recordingId: 'rec-1', startMs: 1000, endMs: 2000, speaker: 'Ben', text: 'Hm.', label: null },
  { id: 's3', recordingId: 'rec-1', startMs: 2000, endMs: 3000, speaker: 'Ben', text: 'Not scored yet.', label: null },
];
const pred = (id: string, fused: number, present = true): Prediction => ({
  segmentId: id,
  startMs: 0,
  endMs: 0,
  speaker: null,
  text: '',
  scores: { text: 1.5, audio: -0.25, video: 0.7, fused },
  spread: { text: 0.5, audio: 1, video: 0.6, fused: 0.4 },
  confidence: 0.9,
  modelVersion: 'v-7',
  present: { text: true, audio: true, video: present },
});
const predictions = new Map([['s1', pred('s1', 1.2, false)], ['s2', pred('s2', -0.4, false)]]);
const data = { recordings: [rec], segments: segs, predictions, exportedAt: '2026-12-01T00:00:02Z' };

describe("exports with the model's scores (issue 18, feature 12)", () => {
  it('CSV: label-only without them; with them every head with sd and 80 % interval, empty for an absent face or an unscored segment', () => {
    const plain = parse(exportLabels('csv', { ...data, predictions: undefined })) as string[][];
    expect(plain[0]).not.toContain('fused');
    const rows = parse(exportLabels('csv', data)) as string[][];
    expect(rows[0].slice(-SCORE_COLUMNS.length)).toEqual(['model_version', 'fused', 'fused_sd', 'fused_lo80', 'fused_hi80', 'text', 'text_sd', 'text_lo80', 'text_hi80', 'voice', 'voice_sd', 'voice_lo80', 'voice_hi80', 'face', 'face_sd', 'face_lo80', 'face_hi80', 'confidence']);
    const row = (id: string) => Object.fromEntries(rows[0].map((h, i) => [h, rows.find((r) => r[0] === id)![i]]));
    // 80 % interval = score ± 1.2816 sd, clipped to -3..3.
    expect(row('s1')).toMatchObject({ model_version: 'v-7', fused: '1.2', fused_sd: '0.4', fused_lo80: '0.6874', fused_hi80: '1.7126', voice: '-0.25', voice_lo80: '-1.5316', face: '', face_sd: '', confidence: '0.9', score: '2' });
    expect(row('s2')).toMatchObject({ fused: '-0.4', score: '' });
    expect(Object.values(row('s3')).slice(-SCORE_COLUMNS.length).every((v) => v === '')).toBe(true);
    // The label columns read back as before.
    expect(readExport('csv', exportLabels('csv', data)).labels).toEqual([{ segmentId: 's1', score: 2, note: null, updatedAt: '2026-12-01T00:00:01Z' }]);
  });

  it('JSON: a predictions list beside the labels, and it still reads back', () => {
    const plain = JSON.parse(exportLabels('json', { ...data, predictions: undefined }));
    expect(plain.predictions).toBeUndefined();
    const doc = JSON.parse(exportLabels('json', data));
    expect(doc.predictions).toEqual([
      { segmentId: 's1', modelVersion: 'v-7', confidence: 0.9, heads: { fused: { score: 1.2, sd: 0.4, lo80: 0.6874, hi80: 1.7126 }, text: { score: 1.5, sd: 0.5, lo80: 0.8592, hi80: 2.1408 }, voice: { score: -0.25, sd: 1, lo80: -1.5316, hi80: 1.0316 }, face: null } },
      { segmentId: 's2', modelVersion: 'v-7', confidence: 0.9, heads: expect.objectContaining({ fused: { score: -0.4, sd: 0.4, lo80: -0.9126, hi80: 0.1126 } }) },
    ]);
    expect(readExport('json', exportLabels('json', data)).segments).toHaveLength(3);
  });
});
