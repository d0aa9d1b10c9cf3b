/**
 * `attune batch --redis` + `attune worker` on a REAL redis-server (issue 17): 2 worker processes
 * share a batch; a bad file fails with import's message and the rest are done; a rerun enqueues
 * nothing; a worker killed with -9 mid-job has its job taken over (stalled-job detection, short
 * lock for the test) and every recording is analysed exactly once. Without a redis-server binary
 * this skips with the reason, except under CI=true, where it fails (test-util/needs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addPoisoned, makeCorpus } from './__fixtures__/corpus';
import { redisServerBinary, startRedis } from './__fixtures__/redis';
import { queryProject } from '../test-util/query';
import { describeNeeds } from '../test-util/needs';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'attune.mjs');
const haveRedis = redisServerBinary() !== null;

let dir: string;
let corpus: string;
let redis: Awaited<ReturnType<typeof startRedis>>;
const workers: ChildProcess[] = [];

const attune = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const attuneAsync = (...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const c = spawn(process.execPath, [bin, ...args], { cwd: dir });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) => resolve({ code, out, err }));
  });
function worker(project: string, ...extra: string[]): { proc: ChildProcess; log: () => string } {
  const proc = spawn(process.execPath, [bin, 'worker', '--redis', redis.url, '--project', project, ...extra], { cwd: dir });
  let log = '';
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  workers.push(proc);
  return { proc, log: () => log };
}
const stopWorker = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
const waitFor = async (cond: () => boolean, ms: number, what: string) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const q = queryProject;
const tally = (project: string) =>
  q<{ recs: number; contents: number; preds: number; segs: number; done: number }>(
    project,
    "SELECT (SELECT COUNT(*) FROM recordings) AS recs, (SELECT COUNT(DISTINCT content_hash) FROM batch_recordings) AS contents, (SELECT COUNT(*) FROM predictions) AS preds, (SELECT COUNT(*) FROM segments) AS segs, (SELECT COUNT(*) FROM batch_results WHERE state = 'done') AS done",
  )[0];

beforeAll(async () => {
  if (!haveRedis) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-batch-redis-'));
  corpus = path.join(dir, 'corpus');
  makeCorpus(corpus, 4);
  redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await redis?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describeNeeds(haveRedis ? null : 'no redis-server binary on PATH (apt-get install redis-server; .ci/run does)')('attune batch --redis with attune worker processes', () => {
  it('2 workers share the batch; the bad file fails with import\'s message, the rest are done; a rerun does nothing new', async () => {
    const bad = path.join(dir, 'with-bad');
    fs.cpSync(corpus, bad, { recursive: true });
    addPoisoned(bad);
    const project = path.join(dir, 'p1');
    // The batch creates the project and enqueues; the workers then open it.
    const run = attuneAsync('batch', bad, '--project', project, '--redis', redis.url, '--json');
    await waitFor(() => fs.existsSync(path.join(project, 'attune.db')), 60_000, 'the project');
    const w1 = worker(project);
    const w2 = worker(project);
    const res = await run;
    expect(res.code, res.err).toBe(1);
    const doc = JSON.parse(res.out);
    expect(doc).toMatchObject({ total: 5, done: 4, failed: 1 });
    const failed = doc.recordings.find((r: { state: string }) => r.state === 'failed');
    const imp = attune('import', path.join(bad, 'broken.mp4'), '--project', path.join(dir, 'p-import'));
    expect(imp.err.trim().split('\n').at(-1)).toBe(`attune: ${failed.error}`);
    expect(tally(project)).toEqual({ recs: 4, contents: 4, preds: 8, segs: 8, done: 4 });
    // Both processes were workers of this queue (which took which job is up to the queue).
    expect(w1.log()).toMatch(/worker: \d+ on queue attune-/);
    expect(w2.log()).toMatch(/worker: \d+ on queue attune-/);
    const ran = new Set(doc.recordings.filter((r: { state: string }) => r.state === 'done').map((r: { worker: string }) => r.worker));
    expect(ran.size).toBeGreaterThanOrEqual(1);

    const again = attune('batch', bad, '--project', project, '--redis', redis.url, '--json');
    expect(again.code).toBe(1); // the bad file, tried again
    expect(JSON.parse(again.out)).toMatchObject({ done: 0, skipped: 4, failed: 1 });
    expect(again.err).toMatch(/enqueued 1 on queue/);
    expect(tally(project)).toEqual({ recs: 4, contents: 4, preds: 8, segs: 8, done: 4 });
    await Promise.all([stopWorker(w1.proc), stopWorker(w2.proc)]);
  });

  it('kill -9 of a worker mid-job: the job is taken over and every recording is analysed exactly once', async () => {
    const project = path.join(dir, 'p2');
    const run = attuneAsync('batch', corpus, '--project', project, '--redis', redis.url, '--json');
    await waitFor(() => fs.existsSync(path.join(project, 'attune.db')), 60_000, 'the project');
    const fast = ['--lock-duration', '3000', '--stalled-interval', '1000'];
    const victim = worker(project, ...fast);
    await waitFor(() => /worker: start (\S+)/.test(victim.log()), 60_000, 'the first worker to take a job');
    const key = /worker: start (\S+)/.exec(victim.log())![1];
    victim.proc.kill('SIGKILL');
    await new Promise((r) => victim.proc.once('exit', r));
    expect(victim.log()).not.toContain(`worker: done ${key}`);
    const survivor = worker(project, ...fast);
    const res = await run;
    expect(res.code, res.err).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ total: 4, done: 4, failed: 0 });
    // The killed job ran again on the survivor (after its lock expired) and completed there.
    expect(survivor.log()).toContain(`worker: done ${key}`);
    expect(tally(project)).toEqual({ recs: 4, contents: 4, preds: 8, segs: 8, done: 4 });
    const perContent = q<{ n: number }>(project, 'SELECT COUNT(*) AS n FROM batch_results GROUP BY content_hash');
    expect(perContent.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    await stopWorker(survivor.proc);
  });

  it('Redis restarting mid-batch (no persistence) loses no finished result, and the batch finishes', async () => {
    const own = await startRedis();
    const port = Number(new URL(own.url).port);
    let current = own;
    const project = path.join(dir, 'p3');
    const run = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const c = spawn(process.execPath, [bin, 'batch', corpus, '--project', project, '--redis', own.url, '--json'], { cwd: dir, env: { ...process.env, ATTUNE_BATCH_RECHECK_MS: '1000' } });
      let out = '';
      let err = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (err += d.toString()));
      c.on('exit', (code) => resolve({ code, out, err }));
    });
    try {
      await waitFor(() => fs.existsSync(path.join(project, 'attune.db')), 60_000, 'the project');
      const proc = spawn(process.execPath, [bin, 'worker', '--redis', own.url, '--project', project], { cwd: dir });
      let log = '';
      proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      workers.push(proc);
      await waitFor(() => /worker: done /.test(log), 60_000, 'a first result');
      await current.stop();
      const doneBefore = tally(project).done;
      expect(doneBefore).toBeGreaterThanOrEqual(1);
      current = await startRedis(port);
      const res = await run;
      expect(res.code, res.err).toBe(0);
      expect(JSON.parse(res.out)).toMatchObject({ total: 4, done: 4, failed: 0 });
      // The jobs the restart dropped were put back by the waiting batch.
      if (doneBefore < 4) expect(res.err).toMatch(/missing from the queue \(Redis restarted\?\): enqueued again/);
      expect(tally(project)).toEqual({ recs: 4, contents: 4, preds: 8, segs: 8, done: 4 });
      await stopWorker(proc);
    } finally {
      await current.stop();
    }
  });
});
