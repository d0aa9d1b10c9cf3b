import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '.';
import { currentOwner, ownerAlive } from './process-owner';

const root = path.resolve(__dirname, '..', '..', '..');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-jobs-'));
  createService(dir).db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stateOf = async (id: string) => {
  const svc = createService(dir);
  const job = (await svc.api.listJobs({})).find((j) => j.id === id);
  await svc.close();
  return job && { state: job.state, message: job.message };
};

describe('jobs of other processes', () => {
  it('leaves a job another live process runs alone, and marks it once that process is gone', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'src/core/service/__fixtures__/job-holder.ts', dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const jobId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /started (\S+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    try {
      // Two more processes' worth of opens (this one, twice) while the child still runs its job.
      expect(await stateOf(jobId)).toEqual({ state: 'running', message: null });
      expect(await stateOf(jobId)).toEqual({ state: 'running', message: null });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('close', r));
    expect(await stateOf(jobId)).toEqual({ state: 'failed', message: 'interrupted (process ended)' });
  }, 60_000);

  it('takes a reused pid, a dead pid or a row without owner for gone, and cannot judge another host', async () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(ownerAlive(me)).toBe(true);
    if (process.platform !== 'win32') expect(me.start).not.toBeNull();
    const svc = createService(dir);
    const insert = svc.db.prepare("INSERT INTO jobs (id, kind, state, params_json, started_at, owner_json) VALUES (?, 'export', 'running', '{}', ?, ?)");
    const at = new Date().toISOString();
    insert.run('job-reused', at, JSON.stringify({ ...me, start: `${me.start}-earlier` }));
    insert.run('job-dead', at, JSON.stringify({ ...me, pid: 2 ** 22 + 12345, start: 'x' }));
    insert.run('job-legacy', at, null);
    insert.run('job-remote', at, JSON.stringify({ ...me, host: `not-${me.host}` }));
    insert.run('job-mine', at, JSON.stringify(me));
    await svc.close();
    const after = createService(dir);
    const state = Object.fromEntries((after.db.prepare("SELECT id, state FROM jobs WHERE id LIKE 'job-%'").all() as { id: string; state: string }[]).map((r) => [r.id, r.state]));
    await after.close();
    expect(state).toMatchObject({ 'job-reused': 'failed', 'job-dead': 'failed', 'job-legacy': 'failed', 'job-remote': 'running', 'job-mine': 'running' });
  });
});
