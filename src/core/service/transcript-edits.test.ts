import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch';
import { createService, type AttuneService } from './index';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { writePredictions } from '../store/predictions';
import { insertModelVersion, activateModelVersion } from '../store/model-versions';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Ada, Ben, Ada; every segment predicted and with cached text and voice features. */
function project(): AttuneService {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-transcript-'));
  dirs.push(dir);
  const svc = createService(dir);
  insertRecording(svc.db, { id: 'rec-1', name: 'r', mediaPath: '/dev/null', transcriptPath: null, durationMs: 60_000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString() }, {});
  insertSegments(svc.db, [
    { id: 's1', recordingId: 'rec-1', startMs: 1000, endMs: 2000, speaker: 'Ada', text: 'Hello thre.' },
    { id: 's2', recordingId: 'rec-1', startMs: 2500, endMs: 4000, speaker: 'Ben', text: 'Shall we begin?' },
    { id: 's3', recordingId: 'rec-1', startMs: 4200, endMs: 5000, speaker: 'Ada', text: 'Sure.' },
  ]);
  const put = svc.db.prepare("INSERT INTO features (recording_id, start_ms, end_ms, modality, extractor_version, data, computed_at) VALUES ('rec-1', ?, ?, ?, 'x1', x'00', 'now')");
  for (const [a, b] of [[1000, 2000], [2500, 4000], [4200, 5000]]) for (const m of ['text', 'audio']) put.run(a, b, m);
  insertModelVersion(svc.db, { id: 'v-test', parent: null, source: 'test', dir: '/nowhere', config_json: '{}', metrics_json: '{}', data_summary_json: '{}' });
  activateModelVersion(svc.db, 'v-test');
  writePredictions(svc.db, 'v-test', ['s1', 's2', 's3'].map((id) => ({ segmentId: id, text: 0.1, audio: 0.2, video: 0, fused: 0.1, confidence: 0.7, spread: { text: 0.5, audio: 0.6, video: null, fused: 0.4 } })));
  return svc;
}

const features = (svc: AttuneService) => svc.db.prepare('SELECT start_ms AS s, modality AS m FROM features ORDER BY start_ms, modality').all();

describe('transcript edits (issue 18, feature 9)', () => {
  it("a text edit drops that window's text features and scores only, so the next analysis encodes the new words", async () => {
    const svc = project();
    const seg = await dispatch(svc.api, 'updateSegmentText', { segmentId: 's1', text: 'Hello there.' });
    expect(seg).toMatchObject({ id: 's1', text: 'Hello there.', startMs: 1000, endMs: 2000, speaker: 'Ada' });
    expect((await svc.api.listSegments({})).map((s) => s.text)).toEqual(['Hello there.', 'Shall we begin?', 'Sure.']);
    expect(features(svc)).toEqual([{ s: 1000, m: 'audio' }, { s: 2500, m: 'audio' }, { s: 2500, m: 'text' }, { s: 4200, m: 'audio' }, { s: 4200, m: 'text' }]);
    expect((await svc.api.predictions({})).map((p) => p.segmentId)).toEqual(['s2', 's3']);
    // The same words again change nothing.
    await dispatch(svc.api, 'updateSegmentText', { segmentId: 's2', text: 'Shall we begin?' });
    expect(features(svc)).toHaveLength(5);
    await expect(dispatch(svc.api, 'updateSegmentText', { segmentId: 'nope', text: 'x' })).rejects.toThrow(/no segment 'nope'/);
    await expect(dispatch(svc.api, 'updateSegmentText', { segmentId: 's1', text: 'x'.repeat(10_001) })).rejects.toThrow(/invalid updateSegmentText request: text/);
    await svc.close();
  });

  it('renames a speaker in all their segments at once, reassigns one, and refuses an empty name or an unknown id changing nothing', async () => {
    const svc = project();
    const renamed = await dispatch(svc.api, 'setSpeaker', { segmentIds: ['s1', 's3'], speaker: '  Ada Lovelace ' });
    expect((renamed as { speaker: string }[]).map((s) => s.speaker)).toEqual(['Ada Lovelace', 'Ada Lovelace']);
    await dispatch(svc.api, 'setSpeaker', { segmentIds: ['s2'], speaker: null });
    expect((await svc.api.listSegments({})).map((s) => s.speaker)).toEqual(['Ada Lovelace', null, 'Ada Lovelace']);
    await expect(dispatch(svc.api, 'setSpeaker', { segmentIds: ['s1'], speaker: '   ' })).rejects.toThrow(/invalid setSpeaker request: speaker/);
    await expect(dispatch(svc.api, 'setSpeaker', { segmentIds: [], speaker: 'X' })).rejects.toThrow(/segmentIds/);
    await expect(dispatch(svc.api, 'setSpeaker', { segmentIds: ['s1', 'nope'], speaker: 'X' })).rejects.toThrow(/no segment 'nope'/);
    expect((await svc.api.listSegments({})).map((s) => s.speaker)).toEqual(['Ada Lovelace', null, 'Ada Lovelace']);
    await svc.close();
  });
});
