/**
 * bench:corpus (issue 17): N short generated recordings (default 20; --quick 6; --n N) through
 * `attune batch` three ways on this machine, each run into a fresh project:
 *   A embedded pool (--concurrency C), B Redis + 1 worker process (concurrency C),
 *   C Redis + 2 worker processes (concurrency C/2 each, at least 1), C = the cores (at most 4).
 * A shared machine's load moves a single run by several times, so the modes are interleaved over
 * --repeats R rounds (default 3), each round in a rotated order (A B C, B C A, C A B, ...) so no mode
 * always runs first or last. Printed: per mode the median wall time and throughput with min-max, the
 * ratio to the embedded pool paired within each round (median and min-max), the 1-minute load average
 * at each run's start, and BullMQ's own round trip per job (no-op processor, 200 jobs) in ms.
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
const rAt = args.indexOf('--repeats');
const R = rAt >= 0 ? Math.max(1, Number(args[rAt + 1])) : quick ? 2 : 3;
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

const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const spread = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

interface Mode {
  id: 'embedded' | 'redis-1' | 'redis-2';
  label: string;
  run: (project: string) => Promise<number>;
}

const redis = await startRedis();
try {
  const load0 = os.loadavg()[0].toFixed(1);
  process.stderr.write(`bench:corpus: ${cores} cores (${os.cpus()[0]?.model ?? '?'}), load average ${load0}; C = ${C}; ${R} rounds\n`);
  const distributed = (workers: number): Mode => {
    const per = Math.max(1, Math.round(C / workers));
    return {
      id: workers === 1 ? 'redis-1' : 'redis-2',
      label: `Redis + ${workers} worker${workers > 1 ? 's' : ''} x concurrency ${per}`,
      run: async (project) => {
        const ws = await Promise.all(Array.from({ length: workers }, () => startWorker(redis.url, project, per)));
        try {
          return timedBatch(project, ['--redis', redis.url]);
        } finally {
          await Promise.all(ws.map(stop));
        }
      },
    };
  };
  const modes: Mode[] = [{ id: 'embedded', label: `embedded pool, concurrency ${C}`, run: async (p) => timedBatch(p, ['--concurrency', String(C)]) }, distributed(1), distributed(2)];
  const seconds = new Map<Mode['id'], number[]>(modes.map((m) => [m.id, []]));
  const loads = new Map<Mode['id'], number[]>(modes.map((m) => [m.id, []]));
  const ratios = new Map<Mode['id'], number[]>(modes.map((m) => [m.id, []]));
  const order: string[] = [];
  for (let round = 0; round < R; round++) {
    const inRound = new Map<Mode['id'], number>();
    for (let k = 0; k < modes.length; k++) {
      const m = modes[(round + k) % modes.length];
      const load = os.loadavg()[0];
      const project = newProject(`${m.id}-${round}`);
      process.stderr.write(`bench:corpus: round ${round + 1}/${R}: ${m.label} (load ${load.toFixed(1)})… `);
      const s = await m.run(project);
      process.stderr.write(`${s.toFixed(1)} s\n`);
      fs.rmSync(project, { recursive: true, force: true });
      seconds.get(m.id)!.push(s);
      loads.get(m.id)!.push(load);
      inRound.set(m.id, s);
      order.push(m.id);
    }
    for (const m of modes) ratios.get(m.id)!.push(inRound.get('embedded')! / inRound.get(m.id)!);
  }
  const noop = await queueRoundTrip(redis.url);
  const load1 = os.loadavg()[0].toFixed(1);

  const base = median(seconds.get('embedded')!);
  const out = [
    `bench:corpus: ${N} recordings x 6 s on ${cores} cores (${os.cpus()[0]?.model ?? '?'}), ${R} interleaved rounds (${order.join(' ')}); load average ${load0} at the start, ${load1} at the end`,
    '',
    '| mode | wall s median (min–max) | recordings/s median (min–max) | throughput vs embedded, paired per round: median (min–max) | extra ms per recording (medians) | load at start (min–max) |',
    '|---|---|---|---|---|---|',
  ];
  for (const m of modes) {
    const xs = seconds.get(m.id)!;
    const rps = xs.map((x) => N / x);
    const rs = ratios.get(m.id)!;
    out.push(
      `| ${m.label} | ${median(xs).toFixed(1)} (${spread(xs, 1)}) | ${median(rps).toFixed(2)} (${spread(rps, 2)}) | ${median(rs).toFixed(2)} (${spread(rs, 2)}) | ${(((median(xs) - base) * 1000) / N).toFixed(0)} | ${spread(loads.get(m.id)!, 1)} |`,
    );
  }
  out.push('', `queue overhead per job (BullMQ add -> no-op processor -> completed, 200 jobs, concurrency ${C}): ${noop.toFixed(2)} ms`);
  process.stdout.write(out.join('\n') + '\n');
} finally {
  await redis.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
