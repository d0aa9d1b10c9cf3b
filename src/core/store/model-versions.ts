/** The model_versions table: every model version a project knows (the shipped one, each tuning's). */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UnimodalHeadSchema, type UnimodalHead } from '../../shared/contract/schemas';
import type { Db } from './db';
import { nowIso } from './db';

export interface ModelVersionRow {
  id: string;
  created_at: string;
  parent: string | null;
  active: number;
  source: string;
  dir: string;
  config_json: string;
  metrics_json: string;
  data_summary_json: string;
}

/**
 * How a version's folder is stored, so that a project can be copied or moved: a folder inside the
 * project by its path relative to it (`models/v-…`), the shipped pack by name (`pack:selfmi`, which
 * analysis/models.ts resolves against the pack in use). Rows read here carry the absolute folder
 * where the project is now; a version an older Attune stored by absolute path that is gone is
 * looked for under this project's `models/` (the project was moved).
 */
export const PACK_DIR_PREFIX = 'pack:';

function projectRoot(db: Db): string | null {
  return db.name && db.name !== ':memory:' ? path.dirname(path.resolve(db.name)) : null;
}

function storedDir(db: Db, dir: string): string {
  const root = projectRoot(db);
  if (!root || !path.isAbsolute(dir)) return dir;
  const rel = path.relative(root, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : dir;
}

function resolvedRow(db: Db, row: ModelVersionRow): ModelVersionRow {
  const root = projectRoot(db);
  if (!root || !row.dir || row.dir.startsWith(PACK_DIR_PREFIX)) return row;
  if (!path.isAbsolute(row.dir)) return { ...row, dir: path.resolve(root, row.dir) };
  if (!fs.existsSync(row.dir)) {
    const moved = path.join(root, 'models', path.basename(row.dir));
    if (fs.existsSync(moved)) return { ...row, dir: moved };
  }
  return row;
}

export function activeModelVersion(db: Db): ModelVersionRow | null {
  const row = db.prepare('SELECT * FROM model_versions WHERE active = 1 LIMIT 1').get() as ModelVersionRow | undefined;
  return row ? resolvedRow(db, row) : null;
}

export function listModelVersions(db: Db): ModelVersionRow[] {
  return (db.prepare('SELECT * FROM model_versions ORDER BY created_at, id').all() as ModelVersionRow[]).map((r) => resolvedRow(db, r));
}

/** `ifAbsent`: a version already registered under that id (by another process, at the same time) is kept. */
export function insertModelVersion(db: Db, v: Omit<ModelVersionRow, 'active' | 'created_at'> & { created_at?: string }, { ifAbsent = false } = {}): void {
  db.prepare(
    `INSERT ${ifAbsent ? 'OR IGNORE ' : ''}INTO model_versions (id, created_at, parent, active, source, dir, config_json, metrics_json, data_summary_json) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  ).run(v.id, v.created_at ?? nowIso(), v.parent, v.source, storedDir(db, v.dir), v.config_json, v.metrics_json, v.data_summary_json);
}

export function activateModelVersion(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('UPDATE model_versions SET active = 0').run();
    db.prepare('UPDATE model_versions SET active = 1 WHERE id = ?').run(id);
  })();
}

/**
 * The unimodal heads a version trained on real labels, as its config stored them (the shipped and
 * every tuned version store `trainedHeads`); a row without the list counts all three as trained.
 */
export function trainedHeadsOfVersion(r: ModelVersionRow): UnimodalHead[] {
  const listed = z.object({ trainedHeads: z.array(UnimodalHeadSchema) }).safeParse(JSON.parse(r.config_json));
  return listed.success ? listed.data.trainedHeads : [...UnimodalHeadSchema.options];
}

const NotesSchema = z.object({ text: z.string().min(1), audio: z.string().min(1), video: z.string().min(1), fused: z.string().min(1) }).partial();
const HeadNotesSchema = z.object({ note: z.string().min(1).optional() });

/**
 * What each head of a version was trained on, in words: the shipped version stores them as
 * `dataSummary.trainedOn`, a version with the manifest's head status as `config.heads[h].note`.
 */
export function headNotesOfVersion(r: ModelVersionRow): z.infer<typeof NotesSchema> {
  const trainedOn = z.object({ trainedOn: z.record(z.string(), z.unknown()) }).safeParse(JSON.parse(r.data_summary_json));
  const heads = z.object({ heads: z.record(z.string(), z.unknown()) }).safeParse(JSON.parse(r.config_json));
  const out: z.infer<typeof NotesSchema> = {};
  for (const h of ['text', 'audio', 'video', 'fused'] as const) {
    const fromSummary = z.string().min(1).safeParse(trainedOn.success ? trainedOn.data.trainedOn[h] : undefined);
    const fromConfig = HeadNotesSchema.safeParse(heads.success ? heads.data.heads[h] : undefined);
    const note = fromSummary.success ? fromSummary.data : fromConfig.success ? fromConfig.data.note : undefined;
    if (note) out[h] = note;
  }
  return NotesSchema.parse(out);
}
