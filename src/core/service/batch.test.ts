/**
 * `attune batch` without Redis (issue 17): the embedded pool imports + analyses a generated corpus,
 * a poisoned file fails with the message `attune import` gives and stops nothing, a rerun does
 * nothing new, a manifest CSV works the same, and Ctrl-C stops cleanly with the rest resumable.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPoisoned, makeCorpus } from './__fixtures__/corpus';
import { queryProject } from '../test-util/query';

const root = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let corpus: string;

const attune = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const q = queryProject;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-batch-'));
  corpus = path.join(dir, 'corpus');
  makeCorpus(corpus, 5);
  addPoisoned(corpus);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attune batch (embedded pool)', () => {
  it('analyses every recording of a folder, fails the bad one with import\'s message, and a rerun does nothing new', () => {
    const project = path.join(dir, 'p1');
    const run = attune('batch', corpus, '--project', project, '--concurrency', '2', '--json');
    expect(run.code, run.err).toBe(1);
    const doc = JSON.parse(run.out);
    expect(doc).toMatchObject({ total: 6, done: 5, skipped: 0, failed: 1, cancelled: 0 });
    const bad = doc.recordings.find((r: { state: string }) => r.state === 'failed');
    // The same clear error `attune import` prints for that file.
    const imp = attune('import', path.join(corpus, 'broken.mp4'), '--project', path.join(dir, 'p-import'));
    expect(imp.code).toBe(1);
    expect(imp.err.trim().split('\n').at(-1)).toBe(`attune: ${bad.error}`);
    expect(bad.error).toContain('broken.mp4');
    expect(run.err).toMatch(/batch: 6\/6 \(100%, 1 failed\)/);
    for (const r of doc.recordings.filter((x: { state: string }) => x.state === 'done')) {
      expect(r.segments).toBe(2);
      expect(r.predicted).toBe(2);
    }
    const count = () => q<{ recs: number; preds: number; done: number }>(project, "SELECT (SELECT COUNT(*) FROM recordings) AS recs, (SELECT COUNT(*) FROM predictions) AS preds, (SELECT COUNT(*) FROM batch_results WHERE state = 'done') AS done")[0];
    expect(count()).toEqual({ recs: 5, preds: 10, done: 5 });

    // Rerun: nothing new (the bad file is tried again and fails again, so exit 1 still).
    const again = attune('batch', corpus, '--project', project, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({ done: 0, skipped: 5, failed: 1 });
    expect(count()).toEqual({ recs: 5, preds: 10, done: 5 });

    // Without the bad file: exit 0, all done already.
    fs.renameSync(path.join(corpus, 'broken.mp4'), path.join(dir, 'broken.mp4'));
    try {
      const clean = attune('batch', corpus, '--project', project);
      expect(clean.code, clean.err).toBe(0);
      expect(clean.out).toContain('0 analysed, 5 already done, 0 failed');
    } finally {
      fs.renameSync(path.join(dir, 'broken.mp4'), path.join(corpus, 'broken.mp4'));
    }
  });

  it('takes a manifest CSV (media,transcript), paths relative to it', () => {
    const manifest = path.join(corpus, 'manifest.csv');
    fs.writeFileSync(manifest, 'media,transcript\nrec-001.mp4,rec-001.vtt\nrec-002.mp4,\n');
    const project = path.join(dir, 'p2');
    const run = attune('batch', manifest, '--project', project, '--json');
    fs.rmSync(manifest);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out);
    expect(doc).toMatchObject({ total: 2, done: 2, failed: 0 });
    // The transcript gave 2 segments; without one, voice activity decides.
    expect(q<{ name: string; t: string | null }>(project, 'SELECT name, transcript_path AS t FROM recordings ORDER BY name').map((r) => [r.name, r.t !== null])).toEqual([
      ['rec-001.mp4', true],
      ['rec-002.mp4', false],
    ]);
  });

  it('names a Redis it cannot reach at once, and leaves no project behind', () => {
    const project = path.join(dir, 'p-noredis');
    const run = attune('batch', corpus, '--project', project, '--redis', 'redis://127.0.0.1:1');
    expect(run.code).toBe(1);
    expect(run.err).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(fs.existsSync(path.join(project, 'attune.db'))).toBe(false);
  });

  it('Ctrl-C stops the batch cleanly (exit 130) and a rerun finishes the rest', async () => {
    const project = path.join(dir, 'p3');
    const child = spawn(process.execPath, [path.join(root, 'bin', 'attune.mjs'), 'batch', corpus, '--project', project, '--concurrency', '1'], { cwd: dir });
    let err = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/batch: \d\/6/.test(err) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, err).toBe(130);
    expect(err).toMatch(/cancelled/);
    const after = q<{ n: number }>(project, "SELECT COUNT(*) AS n FROM batch_results WHERE state = 'done'")[0].n;
    expect(after).toBeLessThan(5);
    const rest = attune('batch', corpus, '--project', project, '--json');
    const doc = JSON.parse(rest.out);
    expect(doc.done + doc.skipped).toBe(5);
    expect(q<{ n: number }>(project, 'SELECT COUNT(*) AS n FROM recordings')[0].n).toBe(5);
  });
});
