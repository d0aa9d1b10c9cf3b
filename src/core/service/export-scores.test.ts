import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { LabelledSegment, Recording } from '../../shared/types';
import { createService } from './index';
import { writeExport } from './export';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { writePredictions } from '../store/predictions';
import { activateModelVersion, insertModelVersion } from '../store/model-versions';

const rec: Recording = { id: 'rec-1', name: 'call.wav', mediaPath: '/m/call.wav', transcriptPath: null, durationMs: 9000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: '2026-12-01T00:00:00Z', language: 'en' };
const segs: Omit<LabelledSegment, 'label'>[] = [
  { id: 's1', recordingId: 'rec-1', startMs: 0, endMs: 1000, speaker: 'Ada', text: 'Great, thanks.' },
  { id: 's2', recordingId: 'rec-1', startMs: 1000, endMs: 2000, speaker: 'Ben', text: 'Hm.' },
];

describe("exports with the model's scores through the service (issue 18, feature 12)", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('includes the active version\'s scores on request (CSV columns, EAF tiers), and refuses formats that cannot carry them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-export-scores-'));
    dirs.push(dir);
    const svc = createService(dir);
    insertRecording(svc.db, rec, {});
    insertSegments(svc.db, segs);
    insertModelVersion(svc.db, { id: 'v-7', parent: null, source: 'test', dir: '/nowhere', config_json: '{}', metrics_json: '{}', data_summary_json: '{}' });
    activateModelVersion(svc.db, 'v-7');
    writePredictions(svc.db, 'v-7', [{ segmentId: 's1', text: 1.5, audio: -0.25, video: 0.7, fused: 1.2, confidence: 0.9, spread: { text: 0.5, audio: 1, video: 0.6, fused: 0.4 } }]);
    const out = path.join(dir, 'with.csv');
    await svc.api.exportLabels({ format: 'csv', outPath: out, includeScores: true });
    const rows = parse(fs.readFileSync(out, 'utf8')) as string[][];
    expect(rows[0]).toContain('fused_hi80');
    expect(rows[1][rows[0].indexOf('fused')]).toBe('1.2');
    expect(rows[1][rows[0].indexOf('model_version')]).toBe('v-7');
    // EAF carries them as tiers (issue 18, item 12), WebVTT cannot.
    await svc.api.exportLabels({ format: 'eaf', outPath: path.join(dir, 'with.eaf'), includeScores: true });
    const eaf = fs.readFileSync(path.join(dir, 'with.eaf'), 'utf8');
    expect(eaf).toMatch(/TIER_ID="model:fused">\s*<ANNOTATION>\s*<ALIGNABLE_ANNOTATION [^>]*>\s*<ANNOTATION_VALUE>1\.2</);
    expect(eaf).toContain('<PROPERTY NAME="attune:modelVersion">v-7</PROPERTY>');
    expect(() => writeExport(svc.db, 'vtt', path.join(dir, 'x.vtt'), { projectDir: dir, includeScores: true })).toThrow(/scores can be exported as csv, json, eaf, textgrid, not vtt/);
    expect(fs.existsSync(path.join(dir, 'x.vtt'))).toBe(false);
    await svc.close();
  });
});
