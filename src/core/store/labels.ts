import type { Label } from '../../shared/types';
import { BlindSchema, GoldRuleSchema, UNKNOWN_ANNOTATOR, type GoldRule } from '../../shared/contract/annotators';
import type { Db } from './db';
import { nowIso } from './db';

interface LabelRow {
  segment_id: string;
  score: number;
  note: string | null;
  updated_at: string;
}

const toLabel = (r: LabelRow): Label => ({ segmentId: r.segment_id, score: r.score, note: r.note, updatedAt: r.updated_at });

/** Appends a label event; the returned label is durable (WAL, synchronous=FULL) when this returns. */
export function appendLabel(db: Db, segmentId: string, score: number | null, note: string | null, source = 'analyst', annotator = UNKNOWN_ANNOTATOR): Label | null {
  const at = nowIso();
  db.prepare('INSERT INTO label_events (segment_id, score, note, at, source, annotator) VALUES (?, ?, ?, ?, ?, ?)').run(segmentId, score, note, at, source, annotator);
  return score === null ? null : { segmentId, score, note, updatedAt: at };
}

/** One annotator's own current labels, of segments that exist. */
export function listAnnotatorLabels(db: Db, annotator: string): Label[] {
  const rows = db
    .prepare('SELECT l.segment_id, l.score, l.note, l.updated_at FROM annotator_labels l JOIN segments s ON s.id = l.segment_id WHERE l.annotator = ? ORDER BY l.updated_at, l.segment_id')
    .all(annotator) as LabelRow[];
  return rows.map(toLabel);
}

/** One annotator's own current label of one segment. */
export function getAnnotatorLabel(db: Db, segmentId: string, annotator: string): Label | null {
  const row = db.prepare('SELECT segment_id, score, note, updated_at FROM annotator_labels WHERE segment_id = ? AND annotator = ?').get(segmentId, annotator) as LabelRow | undefined;
  return row ? toLabel(row) : null;
}

/** One annotator's own current label of a segment, with the sequence number of its event (which came first). */
export interface OwnLabel {
  annotator: string;
  score: number;
  note: string | null;
  seq: number;
}

/** Every annotator's own current label of one segment, in the order they were made. */
export function segmentOwnLabels(db: Db, segmentId: string): OwnLabel[] {
  return db
    .prepare(
      `SELECT e.annotator, e.score, e.note, e.seq FROM label_events e
       JOIN (SELECT annotator, MAX(seq) AS seq FROM label_events WHERE segment_id = ? GROUP BY annotator) last ON last.seq = e.seq
       WHERE e.score IS NOT NULL ORDER BY e.seq`,
    )
    .all(segmentId) as OwnLabel[];
}

/** Every annotator's current score per segment (of one recording, or all), with the segment's recording, for agreement. */
export function annotatorScores(db: Db, recordingId?: string): { segmentId: string; annotator: string; score: number; recordingId: string }[] {
  return (
    db
      .prepare(`SELECT l.segment_id, l.annotator, l.score, s.recording_id FROM annotator_labels l JOIN segments s ON s.id = l.segment_id ${recordingId ? 'WHERE s.recording_id = ?' : ''} ORDER BY l.segment_id, l.annotator`)
      .all(...(recordingId ? [recordingId] : [])) as { segment_id: string; annotator: string; score: number; recording_id: string }[]
  ).map((r) => ({ segmentId: r.segment_id, annotator: r.annotator, score: r.score, recordingId: r.recording_id }));
}

/** Who has labelled in this project: current labels each, and when they last labelled. */
export function listAnnotators(db: Db): { annotator: string; labels: number; lastAt: string }[] {
  return db
    .prepare(
      `SELECT e.annotator, (SELECT COUNT(*) FROM annotator_labels l JOIN segments s ON s.id = l.segment_id WHERE l.annotator = e.annotator) AS labels, MAX(e.at) AS lastAt
       FROM label_events e GROUP BY e.annotator ORDER BY e.annotator`,
    )
    .all() as { annotator: string; labels: number; lastAt: string }[];
}

/**
 * The project's label per segment, by its gold rule (issue 16): 'latest' (the latest event of anyone,
 * as before annotators existed; the default), 'mean' or 'median' of every annotator's own current
 * label, or one annotator's. Tuning, exports and the queue all read labels through here.
 * Labels of segments that exist only: a merge deletes the segment it swallows, whose events stay in the history.
 */
export function listLabels(db: Db): Label[] {
  return goldLabels(db);
}

export function getLabel(db: Db, segmentId: string): Label | null {
  return goldLabels(db, segmentId)[0] ?? null;
}

/** The gold rule applied in SQL to every segment, or to one (`segmentId`: a label lookup reads that segment's rows only). */
function goldLabels(db: Db, segmentId?: string): Label[] {
  const rule = getGoldRule(db);
  const one = segmentId === undefined ? '' : 'AND l.segment_id = ?';
  const args = segmentId === undefined ? [] : [segmentId];
  if (rule.kind === 'latest') {
    // One segment's label comes from its events alone, as getLabel always did (no check that the segment still exists).
    const from = segmentId === undefined ? 'labels l JOIN segments s ON s.id = l.segment_id' : 'labels l';
    return (db.prepare(`SELECT l.* FROM ${from} WHERE 1 ${one} ORDER BY l.updated_at, l.segment_id`).all(...args) as LabelRow[]).map(toLabel);
  }
  const mine = rule.kind === 'annotator' ? 'AND l.annotator = ?' : '';
  const rows = db
    .prepare(`SELECT l.segment_id, l.score, l.note, l.updated_at FROM annotator_labels l JOIN segments s ON s.id = l.segment_id WHERE 1 ${mine} ${one} ORDER BY l.segment_id, l.updated_at`)
    .all(...(rule.kind === 'annotator' ? [rule.name] : []), ...args) as LabelRow[];
  if (rule.kind === 'annotator') return rows.map(toLabel).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.segmentId.localeCompare(b.segmentId));
  const bySeg = new Map<string, LabelRow[]>();
  for (const r of rows) {
    const list = bySeg.get(r.segment_id);
    if (list) list.push(r);
    else bySeg.set(r.segment_id, [r]);
  }
  const out: Label[] = [];
  for (const [segmentId, rs] of bySeg) {
    const v = rs.map((r) => r.score).sort((a, b) => a - b);
    const score = rule.kind === 'mean' ? v.reduce((a, b) => a + b, 0) / v.length : v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    const last = rs[rs.length - 1];
    out.push({ segmentId, score, note: [...rs].reverse().find((r) => r.note !== null)?.note ?? null, updatedAt: last.updated_at });
  }
  return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.segmentId.localeCompare(b.segmentId));
}


export function getGoldRule(db: Db): GoldRule {
  const row = db.prepare("SELECT value_json FROM project_settings WHERE key = 'goldRule'").get() as { value_json: string } | undefined;
  return row ? GoldRuleSchema.parse(JSON.parse(row.value_json)) : { kind: 'latest' };
}

export function setGoldRule(db: Db, rule: GoldRule): GoldRule {
  const r = GoldRuleSchema.parse(rule);
  db.prepare("INSERT INTO project_settings (key, value_json) VALUES ('goldRule', ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json").run(JSON.stringify(r));
  return r;
}

/** Blind labelling (issue 16): a project setting beside the gold rule; off when never set. */
export function getBlindLabelling(db: Db): boolean {
  const row = db.prepare("SELECT value_json FROM project_settings WHERE key = 'blindLabelling'").get() as { value_json: string } | undefined;
  return row ? BlindSchema.parse(JSON.parse(row.value_json)).blind : false;
}

export function setBlindLabelling(db: Db, blind: boolean): boolean {
  const v = BlindSchema.parse({ blind });
  db.prepare("INSERT INTO project_settings (key, value_json) VALUES ('blindLabelling', ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json").run(JSON.stringify(v));
  return v.blind;
}

export function labelHistory(db: Db, segmentId: string): { seq: number; segmentId: string; score: number | null; note: string | null; at: string }[] {
  return (db.prepare('SELECT seq, segment_id, score, note, at FROM label_events WHERE segment_id = ? ORDER BY seq').all(segmentId) as {
    seq: number;
    segment_id: string;
    score: number | null;
    note: string | null;
    at: string;
  }[]).map((r) => ({ seq: r.seq, segmentId: r.segment_id, score: r.score, note: r.note, at: r.at }));
}

export function countLabels(db: Db): number {
  if (getGoldRule(db).kind !== 'latest') return listLabels(db).length;
  return (db.prepare('SELECT COUNT(*) AS n FROM labels l JOIN segments s ON s.id = l.segment_id').get() as { n: number }).n;
}
