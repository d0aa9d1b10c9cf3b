/**
 * bench:corpus (issue 17): N short generated recordings (default 20; --quick 6; --n N) through
 * `attune batch` three ways on this machine, each into a fresh project:
 *   embedded pool (--concurrency C), Redis + 1 worker process (concurrency C),
 *   Redis + 2 worker processes (concurrency C/2 each, at least 1), C = the cores;
 * then prints throughput (recordings/s), the ratio to the embedded pool, the extra wall time per
 * recording, and BullMQ's own round trip per job (a no-op processor, 200 jobs) in ms.
 * Needs redis-server (Debian) on PATH; starts its own on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { makeCorpus } from '../../src/core/service/__fixtures__/corpus';
import { redisServerBinary, startRedis } from '../../src/core/service/__fixtures__/redis';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const nAt = args.indexOf('--n');
const N = nAt >= 0 ? Number(args[nAt + 1]) : quick ? 6 : 20;
const cores = os.availableParallelism?.() ?? os.cpus().length;
const C = Math.max(1, Math.min(4, cores));
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'attune.mjs');

if (!redisServerBinary()) {
  process.stderr.write('bench:corpus: needs redis-server on PATH (apt-get install redis-server)\n');
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-corpus-'));
const corpus = path.join(dir, 'corpus');
const empty = path.join(dir, 'empty');
fs.mkdirSync(empty);
process.stderr.write(`bench:corpus: generating ${N} recordings (6 s, 160x120, 2 cues each) in ${corpus}\n`);
makeCorpus(corpus, N);

const run = (...a: string[]) => spawnSync(process.execPath, [bin, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });
const newProject = (name: string) => {
  const p = path.join(dir, name);
  const r = run('batch', empty, '--project', p); // makes the (empty) project so workers can open it
  if (r.status !== 0) throw new Error(r.stderr);
  return p;
};
function startWorker(url: string, project: string, concurrency: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const w = spawn(process.execPath, [bin, 'worker', '--redis', url, '--project', project, '--concurrency', String(concurrency)]);
    let log = '';
    w.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/worker: \d+ on queue/.test(log)) resolve(w);
    });
    w.once('exit', (c) => reject(new Error(`worker exited ${c}: ${log}`)));
  });
}
const stop = (w: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (w.exitCode !== null) return resolve();
    w.once('exit', () => resolve());
    w.kill('SIGTERM');
  });

function timedBatch(project: string, extra: string[]): number {
  const t0 = performance.now();
  const r = run('batch', corpus, '--project', project, '--json', ...extra);
  const s = (performance.now() - t0) / 1000;
  const doc = JSON.parse(r.stdout);
  if (r.status !== 0 || doc.done !== N) throw new Error(`batch: exit ${r.status}, ${doc.done}/${N} done: ${r.stderr.slice(-2000)}`);
  return s;
}

async function queueRoundTrip(url: string, jobs = 200): Promise<number> {
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  const wconn = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-noop', { connection: conn });
  let done = 0;
  let finish: () => void = () => {};
  const all = new Promise<void>((r) => (finish = r));
  const worker = new Worker('bench-noop', async () => null, { connection: wconn, concurrency: C });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  await worker.waitUntilReady();
  const t0 = performance.now();
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `noop-${i}`, removeOnComplete: true } })));
  await all;
  const ms = (performance.now() - t0) / jobs;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  conn.disconnect();
  wconn.disconnect();
  return ms;
}

const redis = await startRedis();
try {
  const load = os.loadavg()[0].toFixed(1);
  process.stderr.write(`bench:corpus: ${cores} cores (${os.cpus()[0]?.model ?? '?'}), load average ${load}; C = ${C}\n`);
  const rows: { mode: string; seconds: number }[] = [];

  process.stderr.write('bench:corpus: embedded pool…\n');
  rows.push({ mode: `embedded pool, concurrency ${C}`, seconds: timedBatch(newProject('embedded'), ['--concurrency', String(C)]) });

  for (const workers of [1, 2]) {
    const project = newProject(`redis-${workers}`);
    const per = Math.max(1, Math.round(C / workers));
    process.stderr.write(`bench:corpus: Redis + ${workers} worker process${workers > 1 ? 'es' : ''} (concurrency ${per} each)…\n`);
    const ws = await Promise.all(Array.from({ length: workers }, () => startWorker(redis.url, project, per)));
    try {
      rows.push({ mode: `Redis + ${workers} worker${workers > 1 ? 's' : ''} x concurrency ${per}`, seconds: timedBatch(project, ['--redis', redis.url]) });
    } finally {
      await Promise.all(ws.map(stop));
    }
  }
  const noop = await queueRoundTrip(redis.url);

  const base = rows[0].seconds;
  const out = [`bench:corpus: ${N} recordings x 6 s on ${cores} cores (load average ${load} at the start: a shared machine)`, ''];
  out.push('| mode | wall s | recordings/s | throughput vs embedded | extra ms per recording |', '|---|---|---|---|---|');
  for (const r of rows) out.push(`| ${r.mode} | ${r.seconds.toFixed(1)} | ${(N / r.seconds).toFixed(2)} | ${(base / r.seconds).toFixed(2)} | ${(((r.seconds - base) * 1000) / N).toFixed(0)} |`);
  out.push('', `queue overhead per job (BullMQ add -> no-op processor -> completed, 200 jobs, concurrency ${C}): ${noop.toFixed(2)} ms`);
  process.stdout.write(out.join('\n') + '\n');
} finally {
  await redis.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
