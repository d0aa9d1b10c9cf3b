/** The table families moved into store (issue 12, item 4): waveform peaks, model versions, jobs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProjectDb } from './db';
import { finishJob, insertJob, markInterrupted, openJobs, recentJobs } from './jobs';
import { activateModelVersion, activeModelVersion, headNotesOfVersion, insertModelVersion, listModelVersions, trainedHeadsOfVersion } from './model-versions';
import { getWaveformPeaks, putWaveformPeaks } from './waveform-peaks';
import { hasAnyFeatures } from './features';
import { insertRecording } from './recordings';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-tables-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const db = openProjectDb(path.join(tmp, 'p'));
afterAll(() => db.close());

describe('store tables', () => {
  it('waveform peaks come back as stored, per resolution, and a subarray stores only its own values', () => {
    insertRecording(db, { id: 'r1', name: 'm', mediaPath: '/m.wav', transcriptPath: null, durationMs: 1000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: '2026-01-01T00:00:00Z' }, {});
    expect(getWaveformPeaks(db, 'r1', 50)).toBeNull();
    const whole = new Float32Array([0.5, 0.25, 1, 0.125]);
    putWaveformPeaks(db, 'r1', 50, whole.subarray(1, 3));
    expect(Array.from(getWaveformPeaks(db, 'r1', 50)!)).toEqual([0.25, 1]);
    expect(getWaveformPeaks(db, 'r1', 10)).toBeNull();
  });

  it("model versions: one active at a time, and each version's trained heads from its config", () => {
    const v = { parent: null, source: 's', dir: 'pack:selfmi', metrics_json: '{}', data_summary_json: '{}' };
    insertModelVersion(db, { ...v, id: 'a', config_json: JSON.stringify({ trainedHeads: ['text', 'audio'] }) });
    insertModelVersion(db, { ...v, id: 'b', config_json: '{}' });
    activateModelVersion(db, 'a');
    activateModelVersion(db, 'b');
    expect(activeModelVersion(db)?.id).toBe('b');
    const [a, b] = listModelVersions(db);
    expect(trainedHeadsOfVersion(a)).toEqual(['text', 'audio']);
    // A row from before the list: all three count as trained.
    expect(trainedHeadsOfVersion(b)).toEqual(['text', 'audio', 'video']);
    // Head notes: the shipped version's dataSummary.trainedOn, else the config's heads[h].note.
    const row = (config: unknown, summary: unknown) => ({ ...a, config_json: JSON.stringify(config), data_summary_json: JSON.stringify(summary) });
    expect(headNotesOfVersion(row({ heads: { video: { trained: false, note: 'no face data' } } }, { trainedOn: { text: 'MOSI', audio: '' } }))).toEqual({ text: 'MOSI', video: 'no face data' });
    expect(headNotesOfVersion(row({}, {}))).toEqual({});
  });

  it('jobs: an open job is marked interrupted, a finished one is left as it ended', () => {
    insertJob(db, { id: 'j1', kind: 'analyze', state: 'running', stage: 'starting', paramsJson: '{}', startedAt: '2026-01-01T00:00:00Z', ownerJson: '{}' });
    insertJob(db, { id: 'j2', kind: 'tune', state: 'running', stage: 'starting', paramsJson: '{}', startedAt: '2026-01-02T00:00:00Z', ownerJson: '{}' });
    finishJob(db, 'j2', { state: 'done', stage: 'predict', done: 1, total: 1, message: null, resultJson: '{}', finishedAt: '2026-01-02T00:01:00Z' });
    expect(openJobs(db).map((j) => j.id)).toEqual(['j1']);
    markInterrupted(db, 'j1');
    markInterrupted(db, 'j2');
    const [j2, j1] = recentJobs(db);
    expect([j2.id, j2.state, j1.id, j1.state, j1.message]).toEqual(['j2', 'done', 'j1', 'failed', 'interrupted (process ended)']);
  });

  it('knows whether anything was ever analysed', () => {
    expect(hasAnyFeatures(db)).toBe(false);
  });
});
