/**
 * A kill at any moment of `attune tune` leaves either the parent version active with all of its
 * predictions or the new version active with all of its own: the new version's predictions are
 * stored before it is registered and activated. Real processes: the CLI runs tune, and this test
 * SIGKILLs it the instant the new version becomes visible to another connection, or as soon as its
 * model folder appears (before the activation).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../service';
import { openProjectDb } from '../store/db';
import { listPredictions } from '../store/predictions';
import { listModelVersions } from '../store/model-versions';

const root = path.resolve(__dirname, '..', '..', '..');
let base: string;
let template: string;

async function waitJob(svc: ReturnType<typeof createService>, jobId: string) {
  for (;;) {
    const job = (await svc.api.listJobs({})).find((j) => j.id === jobId)!;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-tune-kill-'));
  template = path.join(base, 'template');
  const svc = createService(template);
  try {
    await svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
    const analyzed = await waitJob(svc, (await svc.api.startJob({ kind: 'analyze', params: { ep: 'cpu' } })).jobId);
    expect(analyzed.state, analyzed.message ?? '').toBe('done');
    const segs = await svc.api.listSegments({});
    for (const [i, s] of segs.slice(0, 5).entries()) await svc.api.setLabel({ segmentId: s.id, score: i % 2 ? 2 : -2 });
  } finally {
    await svc.close();
  }
}, 120_000);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** A copy of the analysed, labelled project (the DB checkpointed into one file by close()). */
function freshProject(name: string): string {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(template, 'attune.db'), path.join(dir, 'attune.db'));
  return dir;
}

/** Runs `attune tune` and SIGKILLs it as soon as `when()` holds (polled every millisecond or so). */
async function tuneKilledWhen(dir: string, when: () => boolean): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'attune.mjs'), 'tune', '--epochs', '3', '--activate', 'always', '--ep', 'cpu', '--project', dir], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (when()) {
      child.kill('SIGKILL');
      await exited;
      return { killed: true };
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return { killed: false };
}

function activeNotDefault(dir: string): () => boolean {
  let db: Database.Database | null = null;
  return () => {
    db ??= new Database(path.join(dir, 'attune.db'), { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT id FROM model_versions WHERE active = 1').get() as { id: string } | undefined;
    const hit = Boolean(row && row.id !== 'default');
    if (hit) db.close();
    return hit;
  };
}

/** After the kill: the active version has a prediction for every segment. */
function expectConsistent(dir: string): string {
  const db = openProjectDb(dir, { create: false });
  try {
    const active = listModelVersions(db).find((v) => v.active === 1)!;
    const segments = (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
    expect(segments).toBe(12);
    expect(listPredictions(db, active.id)).toHaveLength(segments);
    return active.id;
  } finally {
    db.close();
  }
}

describe('tune killed at any moment', () => {
  it('killed the instant the new version is active: it already has every prediction', async () => {
    const dir = freshProject('at-commit');
    const { killed } = await tuneKilledWhen(dir, activeNotDefault(dir));
    expect(killed).toBe(true);
    expect(expectConsistent(dir)).not.toBe('default');
  }, 180_000);

  it('killed once its model folder exists (before the commit): the parent stays active with its predictions', async () => {
    const dir = freshProject('before-commit');
    const models = path.join(dir, 'models');
    const { killed } = await tuneKilledWhen(dir, () => fs.existsSync(models) && fs.readdirSync(models).some((f) => f.startsWith('v-')));
    expect(killed).toBe(true);
    expect(expectConsistent(dir)).toBe('default');
  }, 180_000);

  it('never activates a version before all of its predictions are stored (checked by a trigger)', async () => {
    const dir = freshProject('ordering');
    const svc = createService(dir, { create: false });
    try {
      svc.db.exec(`CREATE TRIGGER activated_without_predictions BEFORE UPDATE OF active ON model_versions
        WHEN NEW.active = 1 AND (SELECT COUNT(*) FROM predictions WHERE model_version = NEW.id) < (SELECT COUNT(*) FROM segments)
        BEGIN SELECT RAISE(ABORT, 'activated without predictions'); END`);
      // 'always': this test is about the order of activation, not about the if-better rule.
      const tuned = await waitJob(svc, (await svc.api.startJob({ kind: 'tune', params: { epochs: 2, ep: 'cpu', activate: 'always' } })).jobId);
      expect(tuned.state, tuned.message ?? '').toBe('done');
      const active = (await svc.api.listModels({})).find((m) => m.active)!;
      expect(active.id).not.toBe('default');
      expect((await svc.api.predictions({})).every((p) => p.modelVersion === active.id)).toBe(true);
    } finally {
      await svc.close();
    }
  }, 180_000);
});

describe('an active version without predictions', () => {
  const cli = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args, '--project', dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('is re-scored on demand from the cached features (as an older Attune killed mid-tune left it)', async () => {
    const dir = freshProject('lost');
    const db = openProjectDb(dir, { create: false });
    db.prepare('DELETE FROM predictions').run();
    db.close();
    const r = cli(dir, 'predictions', '--json');
    expect(r.code, r.err).toBe(0);
    const preds = JSON.parse(r.out) as { modelVersion: string }[];
    expect(preds).toHaveLength(12);
    expect(preds.every((p) => p.modelVersion === 'default')).toBe(true);
  }, 60_000);

  it('in a project nobody analysed: `attune predictions` says so (exit 1), never a silent []', () => {
    const dir = freshProject('unanalysed');
    const db = openProjectDb(dir, { create: false });
    db.exec('DELETE FROM predictions; DELETE FROM features;');
    db.close();
    const r = cli(dir, 'predictions', '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no predictions yet for the 12 segments of this project; run 'attune analyze'/);
  }, 60_000);
});
