import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type AttuneService } from './index';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { writePredictions } from '../store/predictions';
import { insertModelVersion, activateModelVersion } from '../store/model-versions';
import { headScore } from '../../shared/presence';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A project with one recording: Ada, Ada, Ben, Ada; each segment predicted by the active version. */
async function project(): Promise<AttuneService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-edits-'));
  dirs.push(dir);
  const svc = createService(dir);
  insertRecording(svc.db, { id: 'rec-1', name: 'r', mediaPath: '/dev/null', transcriptPath: null, durationMs: 60_000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString() }, {});
  insertSegments(svc.db, [
    { id: 's1', recordingId: 'rec-1', startMs: 1000, endMs: 2000, speaker: 'Ada', text: 'Hello there.' },
    { id: 's2', recordingId: 'rec-1', startMs: 2500, endMs: 4000, speaker: 'Ada', text: 'Shall we begin?' },
    { id: 's3', recordingId: 'rec-1', startMs: 4200, endMs: 5000, speaker: 'Ben', text: 'Sure.' },
    { id: 's4', recordingId: 'rec-1', startMs: 5500, endMs: 7000, speaker: 'Ada', text: 'Good.' },
  ]);
  insertModelVersion(svc.db, { id: 'v-test', parent: null, source: 'test', dir: '/nowhere', config_json: '{}', metrics_json: '{}', data_summary_json: '{}' });
  activateModelVersion(svc.db, 'v-test');
  writePredictions(svc.db, 'v-test', ['s1', 's2', 's3', 's4'].map((id, i) => ({ segmentId: id, text: i / 10, audio: -i / 10, video: 2.5, fused: i / 5, confidence: 0.7, spread: { text: 0.5, audio: 0.6, video: 0.1, fused: 0.4 } })));
  return svc;
}

const segs = (svc: AttuneService) => svc.api.listSegments({});
const labels = async (svc: AttuneService) => (await svc.api.listLabels({})).map((l) => [l.segmentId, l.score, l.note]);

describe('merge (issue 18, defect 1)', () => {
  it('refuses to merge across speakers, and changes nothing', async () => {
    const svc = await project();
    const before = await segs(svc);
    await expect(svc.api.mergeSegments({ segmentId: 's2' })).rejects.toThrow(/Ben's.*Ada's.*one speaker/);
    expect(await segs(svc)).toEqual(before);
    await svc.close();
  });

  it('refuses when both segments are labelled differently, naming both scores', async () => {
    const svc = await project();
    await svc.api.setLabel({ segmentId: 's1', score: 2 });
    await svc.api.setLabel({ segmentId: 's2', score: -1 });
    await expect(svc.api.mergeSegments({ segmentId: 's1' })).rejects.toThrow(/\+2 and -1/);
    expect(await labels(svc)).toEqual([['s1', 2, null], ['s2', -1, null]]);
    expect(await segs(svc)).toHaveLength(4);
    await svc.close();
  });

  it("carries the second segment's label onto the merged one, as an event, and keeps the second's history", async () => {
    const svc = await project();
    await svc.api.setLabel({ segmentId: 's2', score: -2, note: 'annoyed' });
    const merged = await svc.api.mergeSegments({ segmentId: 's1' });
    expect(merged).toMatchObject({ id: 's1', startMs: 1000, endMs: 4000, speaker: 'Ada', text: 'Hello there. Shall we begin?' });
    expect(await labels(svc)).toEqual([['s1', -2, 'annoyed']]);
    expect((await svc.api.labelHistory({ segmentId: 's2' })).map((h) => h.score)).toEqual([-2]);
    // The merged window has no prediction yet (it would be the first segment's, of another window).
    expect((await svc.api.predictions({})).map((p) => p.segmentId)).toEqual(['s3', 's4']);
    await svc.close();
  });

  it('equal scores: one label, both notes', async () => {
    const svc = await project();
    await svc.api.setLabel({ segmentId: 's1', score: 1, note: 'warm' });
    await svc.api.setLabel({ segmentId: 's2', score: 1, note: 'eager' });
    await svc.api.mergeSegments({ segmentId: 's1' });
    expect(await labels(svc)).toEqual([['s1', 1, 'warm / eager']]);
    await svc.close();
  });

  it('unmerge restores exactly: ids, speaker, text, bounds, labels and predictions', async () => {
    const svc = await project();
    await svc.api.setLabel({ segmentId: 's2', score: 3, note: 'delighted' });
    const segsBefore = await segs(svc);
    const predsBefore = await svc.api.predictions({});
    const labelsBefore = await labels(svc);
    await svc.api.mergeSegments({ segmentId: 's1' });
    const [a, b] = await svc.api.unmergeSegments({ segmentId: 's1', swallowedId: 's2' });
    expect([a.id, b.id]).toEqual(['s1', 's2']);
    expect(await segs(svc)).toEqual(segsBefore);
    expect(await svc.api.predictions({})).toEqual(predsBefore);
    expect(await labels(svc)).toEqual(labelsBefore);
    // Nothing was rewritten: the merge and its undo are events in s1's history.
    expect((await svc.api.labelHistory({ segmentId: 's1' })).map((h) => h.score)).toEqual([3, null]);
    // Redo is a merge again, and its undo exact again.
    await svc.api.mergeSegments({ segmentId: 's1' });
    await svc.api.unmergeSegments({ segmentId: 's1', swallowedId: 's2' });
    expect(await segs(svc)).toEqual(segsBefore);
    expect(await labels(svc)).toEqual(labelsBefore);
    await svc.close();
  });

  it('refuses to unmerge a merged segment that was edited since', async () => {
    const svc = await project();
    await svc.api.mergeSegments({ segmentId: 's1' });
    await svc.api.updateSegmentBounds({ segmentId: 's1', startMs: 1000, endMs: 4100 });
    await expect(svc.api.unmergeSegments({ segmentId: 's1', swallowedId: 's2' })).rejects.toThrow(/changed since/);
    await svc.close();
  });
});

describe('edits leave no stale scores (issue 18, defect 4)', () => {
  it("a split drops the whole utterance's prediction from the first half; a nudge drops it too", async () => {
    const svc = await project();
    const [first, second] = await svc.api.splitSegment({ segmentId: 's2', atMs: 3200 });
    const ids = (await svc.api.predictions({})).map((p) => p.segmentId);
    expect(ids).not.toContain(first.id);
    expect(ids).not.toContain(second.id);
    await svc.api.updateSegmentBounds({ segmentId: 's4', startMs: 5400, endMs: 7000 });
    expect((await svc.api.predictions({})).map((p) => p.segmentId)).toEqual(['s1', 's3']);
    await svc.close();
  });
});

describe('audio-only recordings have no face score (issue 18, defect 5)', () => {
  it('predictions say the video is absent; the face head is left out of the queue', async () => {
    const svc = await project();
    const preds = await svc.api.predictions({});
    expect(preds.map((p) => p.present)).toEqual(preds.map(() => ({ text: true, audio: true, video: false })));
    expect(preds.map((p) => headScore(p, 'video'))).toEqual([null, null, null, null]);
    expect(preds.map((p) => headScore(p, 'fused'))).toEqual([0, 0.2, 0.4, 0.6]);
    // The face head's +2.5 against text and voice would be a "disagreement" if it counted.
    expect((await svc.api.labelQueue({})).map((q) => q.reason).join(' ')).not.toMatch(/video/);
    await svc.close();
  });
});

describe('merge and unmerge with several annotators (issue 16)', () => {
  const own = async (svc: AttuneService, who: string) => (await svc.api.listLabels({ annotator: who })).map((l) => [l.segmentId, l.score, l.note]).sort();

  it("keeps every annotator's own label of the merged segment, and the undo gives each theirs back", async () => {
    const svc = await project();
    // Ada labelled the first, Ben the second only, Cy both (equal scores, two notes); gold (latest of anyone's) +1 on both.
    await svc.api.setLabel({ segmentId: 's1', score: 1, annotator: 'Ada' });
    await svc.api.setLabel({ segmentId: 's2', score: 1, note: 'keen', annotator: 'Ben' });
    await svc.api.setLabel({ segmentId: 's1', score: 1, note: 'warm', annotator: 'Cy' });
    await svc.api.setLabel({ segmentId: 's2', score: 1, note: 'eager', annotator: 'Cy' });
    const gold = async () => (await labels(svc)).sort();
    const before = { Ada: await own(svc, 'Ada'), Ben: await own(svc, 'Ben'), Cy: await own(svc, 'Cy'), gold: await gold() };
    await svc.api.mergeSegments({ segmentId: 's1' });
    expect(await own(svc, 'Ada')).toEqual([['s1', 1, null]]);
    expect(await own(svc, 'Ben')).toEqual([['s1', 1, 'keen']]); // carried as Ben's, not lost with s2
    expect(await own(svc, 'Cy')).toEqual([['s1', 1, 'warm / eager']]);
    expect(await own(svc, 'unknown')).toEqual([]); // nobody's label is made in another's name
    // The gold label (latest of anyone's) is the newest label's annotator's, Cy's, as before the merge.
    expect(await labels(svc)).toEqual([['s1', 1, 'warm / eager']]);
    expect((await svc.api.agreement({})).items).toBe(1);

    await svc.api.unmergeSegments({ segmentId: 's1', swallowedId: 's2' });
    expect(await own(svc, 'Ada')).toEqual(before.Ada);
    expect(await own(svc, 'Ben')).toEqual(before.Ben);
    expect(await own(svc, 'Cy')).toEqual(before.Cy);
    expect(await gold()).toEqual(before.gold);
    await svc.close();
  });

  it('refuses a merge where one annotator gave the two segments different scores, naming them', async () => {
    const svc = await project();
    await svc.api.setGoldRule({ rule: { kind: 'annotator', name: 'Ada' } });
    await svc.api.setLabel({ segmentId: 's1', score: 2, annotator: 'Ada' });
    await svc.api.setLabel({ segmentId: 's1', score: 0, annotator: 'Ben' });
    await svc.api.setLabel({ segmentId: 's2', score: -1, annotator: 'Ben' });
    // The gold labels (Ada's) do not conflict, Ben's own do.
    await expect(svc.api.mergeSegments({ segmentId: 's1' })).rejects.toThrow(/Ben labelled the two segments 0 and -1/);
    expect(await segs(svc)).toHaveLength(4);
    await svc.close();
  });
});
