import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch';
import { createService } from './index';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { writePredictions } from '../store/predictions';
import { activateModelVersion, insertModelVersion } from '../store/model-versions';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('rename and remove a recording (issue 18, feature 15)', () => {
  it('renames it in the workbench only, and removes it with its segments, features and scores, keeping the other and the files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-recs-'));
    dirs.push(dir);
    const media = path.join(dir, 'a.wav');
    fs.writeFileSync(media, 'not really audio');
    const svc = createService(dir);
    for (const id of ['rec-a', 'rec-b']) insertRecording(svc.db, { id, name: `${id}.wav`, mediaPath: media, transcriptPath: null, durationMs: 5000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString() }, {});
    insertSegments(svc.db, [
      { id: 'a1', recordingId: 'rec-a', startMs: 0, endMs: 1000, speaker: null, text: 'one' },
      { id: 'a2', recordingId: 'rec-a', startMs: 1000, endMs: 2000, speaker: null, text: 'two' },
      { id: 'b1', recordingId: 'rec-b', startMs: 0, endMs: 1000, speaker: null, text: 'three' },
    ]);
    svc.db.prepare("INSERT INTO features (recording_id, start_ms, end_ms, modality, extractor_version, data, computed_at) VALUES ('rec-a', 0, 1000, 'text', 'x', x'00', 'now'), ('rec-b', 0, 1000, 'text', 'x', x'00', 'now')").run();
    insertModelVersion(svc.db, { id: 'v', parent: null, source: 't', dir: '/nowhere', config_json: '{}', metrics_json: '{}', data_summary_json: '{}' });
    activateModelVersion(svc.db, 'v');
    writePredictions(svc.db, 'v', ['a1', 'a2', 'b1'].map((segmentId) => ({ segmentId, text: 0, audio: 0, video: 0, fused: 0, confidence: 0.5, spread: { text: 1, audio: 1, video: null, fused: 1 } })));
    await svc.api.setLabel({ segmentId: 'a1', score: 2 });

    expect(await dispatch(svc.api, 'renameRecording', { recordingId: 'rec-a', name: '  Kick-off call ' })).toMatchObject({ id: 'rec-a', name: 'Kick-off call', mediaPath: media });
    await expect(dispatch(svc.api, 'renameRecording', { recordingId: 'rec-a', name: '   ' })).rejects.toThrow(/invalid renameRecording request: name/);
    await expect(dispatch(svc.api, 'renameRecording', { recordingId: 'nope', name: 'x' })).rejects.toThrow(/no recording 'nope'/);

    expect(await dispatch(svc.api, 'removeRecording', { recordingId: 'rec-a' })).toEqual({ recordingId: 'rec-a', segments: 2 });
    expect((await svc.api.listRecordings({})).map((r) => r.id)).toEqual(['rec-b']);
    expect((await svc.api.listSegments({})).map((s) => s.id)).toEqual(['b1']);
    expect((await svc.api.predictions({})).map((p) => p.segmentId)).toEqual(['b1']);
    expect(await svc.api.listLabels({})).toEqual([]);
    expect(svc.db.prepare('SELECT recording_id FROM features').all()).toEqual([{ recording_id: 'rec-b' }]);
    // The analyst's label event stays in the append-only history; the file stays on disk.
    expect((await svc.api.labelHistory({ segmentId: 'a1' })).map((h) => h.score)).toEqual([2]);
    expect(fs.existsSync(media)).toBe(true);
    await expect(dispatch(svc.api, 'removeRecording', { recordingId: 'rec-a' })).rejects.toThrow(/no recording 'rec-a'/);
    await svc.close();
  });
});
