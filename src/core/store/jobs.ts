/** The jobs table: every job a project ran, with its params, owner process and result. */
import type { Db } from './db';
import { nowIso } from './db';

export interface JobRow {
  id: string;
  kind: string;
  state: string;
  stage: string;
  done: number;
  total: number;
  message: string | null;
  started_at: string;
  finished_at: string | null;
}

/** Jobs still marked queued or running, with the process that owns each (JSON, or null from an older Attune). */
export function openJobs(db: Db): { id: string; owner_json: string | null }[] {
  return db.prepare("SELECT id, owner_json FROM jobs WHERE state IN ('queued','running')").all() as { id: string; owner_json: string | null }[];
}

/** Marks an open job whose process ended as failed (a job that finished meanwhile is left alone). */
export function markInterrupted(db: Db, id: string): void {
  db.prepare("UPDATE jobs SET state = 'failed', message = 'interrupted (process ended)', finished_at = ? WHERE id = ? AND state IN ('queued','running')").run(nowIso(), id);
}

export function insertJob(db: Db, j: { id: string; kind: string; state: string; stage: string; paramsJson: string; startedAt: string; ownerJson: string }): void {
  db.prepare('INSERT INTO jobs (id, kind, state, stage, params_json, started_at, owner_json) VALUES (?, ?, ?, ?, ?, ?, ?)').run(j.id, j.kind, j.state, j.stage, j.paramsJson, j.startedAt, j.ownerJson);
}

export function finishJob(db: Db, id: string, j: { state: string; stage: string; done: number; total: number; message: string | null; resultJson: string | null; finishedAt: string | null }): void {
  db.prepare('UPDATE jobs SET state = ?, stage = ?, done = ?, total = ?, message = ?, result_json = ?, finished_at = ? WHERE id = ?').run(j.state, j.stage, j.done, j.total, j.message, j.resultJson, j.finishedAt, id);
}

/** The latest jobs, newest first. */
export function recentJobs(db: Db, limit = 50): JobRow[] {
  return db.prepare('SELECT id, kind, state, stage, done, total, message, started_at, finished_at FROM jobs ORDER BY started_at DESC LIMIT ?').all(limit) as JobRow[];
}
