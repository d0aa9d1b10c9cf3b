/**
 * `attune batch status` and the corpus behind the Library's corpus view (issue 17): a recording
 * imported with plain `attune import` is visible and reused by a batch of the same files (keyed by
 * content, never imported twice); the manifest's speaker map names speakers at import, and a bad
 * map fails only its recording, naming the manifest and the line; pending work is known before it runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusSummarySchema, type CorpusStatus } from '../../shared/contract';
import { addPoisoned, makeCorpus } from './__fixtures__/corpus';
import { queryProject as q } from '../test-util/query';
import { createService } from '.';
import { planBatch } from './batch-plan';
import { readSource } from './batch-source';
import { corpusStatus } from './corpus';

const root = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let corpus: string;

const attune = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const status = (project: string): CorpusStatus => {
  const r = attune('batch', 'status', '--project', project, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};
const entry = (st: CorpusStatus, name: string) => st.entries.find((e) => e.name === name)!;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-batch-status-'));
  corpus = path.join(dir, 'corpus');
  makeCorpus(corpus, 4);
  addPoisoned(corpus);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attune batch status', () => {
  it('shows plain imports, reuses them in a batch, applies speaker maps and names a bad one by manifest line', async () => {
    const project = path.join(dir, 'p1');
    const imp = attune('import', path.join(corpus, 'rec-001.mp4'), '--transcript', path.join(corpus, 'rec-001.vtt'), '--project', project, '--json');
    expect(imp.code, imp.err).toBe(0);
    const plainId = JSON.parse(imp.out).recordingId as string;
    let st = status(project);
    expect(st.counts).toEqual({ total: 1, recordings: 1, done: 0, failed: 0, pending: 0, outside: 1 });
    expect(entry(st, 'rec-001.mp4')).toMatchObject({ state: 'outside', origin: 'import', recordingId: plainId, analysedWith: [] });
    expect(attune('batch', 'status', '--project', project).out).toMatch(/imported outside a batch\trec-001\.mp4\tnot analysed/);

    expect(attune('batch', '--help').out).toContain('A=Ada;B=Ben');
    const manifest = path.join(corpus, 'manifest.csv');
    fs.writeFileSync(
      manifest,
      ['media,transcript,speakers', 'rec-001.mp4,rec-001.vtt,', 'rec-002.mp4,rec-002.vtt,Alice=Ada;Bob=Ben', 'rec-003.mp4,rec-003.vtt,Alice=Ada;Bob', 'broken.mp4,,', 'rec-004.mp4,rec-004.vtt,Carol=Cy'].join('\n') + '\n',
    );
    const run = attune('batch', manifest, '--project', project, '--json');
    expect(run.code, run.err).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({ total: 5, done: 2, failed: 3 });
    // rec-001 is the recording `attune import` made, not a second one.
    expect(q<{ n: number }>(project, 'SELECT COUNT(*) AS n FROM recordings')[0].n).toBe(2);

    st = status(project);
    expect(st.counts).toEqual({ total: 5, recordings: 2, done: 2, failed: 3, pending: 0, outside: 0 });
    expect(entry(st, 'rec-001.mp4')).toMatchObject({ state: 'done', origin: 'import', recordingId: plainId, modelVersion: st.activeModel, analysedWith: [st.activeModel] });
    expect(entry(st, 'rec-002.mp4')).toMatchObject({ state: 'done', origin: 'batch', speakerMap: 'Alice=Ada;Bob=Ben', error: null });
    expect(entry(st, 'rec-003.mp4')).toMatchObject({ state: 'failed', recordingId: null });
    expect(entry(st, 'rec-003.mp4').error).toBe(`${manifest}:4: speaker map 'Alice=Ada;Bob': 'Bob' has no '=' (the form is LABEL=NAME;LABEL=NAME, e.g. A=Ada;B=Ben)`);
    expect(entry(st, 'rec-004.mp4').error).toBe(`${manifest}:6: speaker map names 'Carol', not a speaker of ${fs.realpathSync(path.join(corpus, 'rec-004.vtt'))} (its speakers: 'Alice', 'Bob')`);
    expect(entry(st, 'broken.mp4').error).toContain('broken.mp4');
    const text = attune('batch', '--project', project, 'status').out;
    expect(text).toMatch(/^2 recordings in the project; batch items: 2 done, 3 failed, 0 pending; 0 imported outside a batch/);
    expect(text).toMatch(/done\trec-001\.mp4\tmodel \S+ \(imported earlier with attune import\)/);
    expect(text).toContain(`failed\trec-003.mp4\tmodel ${st.activeModel}\t${manifest}:4: speaker map`);
    const rec2 = entry(st, 'rec-002.mp4').recordingId!;
    expect(q<{ speaker: string }>(project, `SELECT DISTINCT speaker FROM segments WHERE recording_id = '${rec2}' ORDER BY speaker`).map((r) => r.speaker)).toEqual(['Ada', 'Ben']);

    // The corpus view's data: one line per analysed recording, speakers pooled by name.
    const svc = createService(project, { create: false });
    try {
      const sum = CorpusSummarySchema.parse(await svc.api.corpusSummary({}));
      expect(sum.isCorpus).toBe(true);
      expect(sum.series.map((s) => s.name).sort()).toEqual(['rec-001.mp4', 'rec-002.mp4']);
      for (const s of sum.series) expect(s.points).toHaveLength(2);
      expect(sum.speakers.map((s) => s.speaker).sort()).toEqual(['Ada', 'Alice', 'Ben', 'Bob']);
      const preds = q<{ fused: number }>(project, `SELECT p.fused FROM predictions p JOIN segments s ON s.id = p.segment_id WHERE s.recording_id = '${rec2}' AND s.speaker = 'Ada'`);
      expect(sum.speakers.find((s) => s.speaker === 'Ada')).toMatchObject({ segments: 1, recordings: 1, mean: preds[0].fused, sd: null, ci95: null });
    } finally {
      await svc.close();
    }

    // The map fixed: that recording is done on a rerun, its refusal gone; nothing else is imported again.
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('Alice=Ada;Bob\n', 'Alice=Ada;Bob=Ben\n'));
    const again = attune('batch', manifest, '--project', project, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ done: 1, skipped: 2, failed: 2 });
    st = status(project);
    expect(st.counts).toMatchObject({ total: 5, recordings: 3, done: 3, failed: 2 });
    expect(entry(st, 'rec-003.mp4')).toMatchObject({ state: 'done', error: null, speakerMap: 'Alice=Ada;Bob=Ben' });

    // A recording removed in the workbench: its item stays done, without a recording, and says so.
    const gone = entry(st, 'rec-003.mp4').recordingId!;
    const svc2 = createService(project, { create: false });
    try {
      await svc2.api.removeRecording({ recordingId: gone });
    } finally {
      await svc2.close();
    }
    expect(entry(status(project), 'rec-003.mp4')).toMatchObject({ state: 'done', recordingId: null, origin: null });
    expect(attune('batch', 'status', '--project', project).out).toMatch(/done\trec-003\.mp4\tmodel \S+ \(its recording was removed from the project since; a rerun skips it\)/);
  }, 300_000);

  it('knows pending work before it runs, and keys a recording imported before keys existed', async () => {
    const project = path.join(dir, 'p2');
    const svc = createService(project);
    try {
      const { recordingId } = await svc.api.importRecording({ mediaPath: path.join(corpus, 'rec-002.mp4'), transcriptPath: path.join(corpus, 'rec-002.vtt') });
      // As a project from before every import stored its content key.
      svc.db.prepare('DELETE FROM batch_recordings').run();
      expect(corpusStatus(svc.db).entries.map((e) => e.state)).toEqual(['outside']);
      const { entries } = readSource(corpus);
      const plan = await planBatch(svc.db, entries.filter((e) => !e.media.endsWith('broken.mp4')), corpus, 'v-test');
      expect(plan.keyed).toBe(1);
      const st = corpusStatus(svc.db);
      expect(st.counts).toEqual({ total: 4, recordings: 1, done: 0, failed: 0, pending: 4, outside: 0 });
      expect(st.entries.find((e) => e.name === 'rec-002.mp4')).toMatchObject({ state: 'pending', origin: 'import', recordingId, modelVersion: 'v-test' });
    } finally {
      await svc.close();
    }
  }, 120_000);
});
