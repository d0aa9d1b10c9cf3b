/**
 * The project as a corpus (issue 17): `attune batch status` and the Library's corpus view read it.
 * Every batch item (store/batch.ts: batch_items + batch_results) is done, failed or pending; every
 * recording no batch asked for is 'outside' (imported with `attune import`). The figures are over
 * the active model version's fused scores.
 */
import type { CorpusEntry, CorpusStatus, CorpusSummary } from '../../shared/contract/corpus';
import type { Db } from '../store/db';
import { activeModelVersion } from '../store/model-versions';

/** Past this many recordings a project is a corpus in the Library even without a batch. */
export const CORPUS_MIN_RECORDINGS = 4;
/** Each recording's line is bucketed to at most this many points (a long meeting has thousands of segments). */
const POINTS_PER_SERIES = 100;

interface ItemRow {
  key: string;
  content_hash: string;
  model_version: string;
  media_path: string;
  transcript_path: string | null;
  speaker_map: string | null;
  state: 'done' | 'failed' | null;
  error: string | null;
  segments: number | null;
  predicted: number | null;
  finished_at: string | null;
  worker: string | null;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function corpusStatus(db: Db): CorpusStatus {
  const items = db
    .prepare(
      `SELECT i.key, i.content_hash, i.model_version, i.media_path, i.transcript_path, i.speaker_map,
              r.state, r.error, r.segments, r.predicted, r.finished_at, r.worker
       FROM batch_items i LEFT JOIN batch_results r ON r.key = i.key ORDER BY i.added_at, i.key`,
    )
    .all() as ItemRow[];
  // One entry per content: a rerun under another model version supersedes the earlier item.
  const latest = new Map<string, ItemRow>();
  for (const it of items) latest.set(it.content_hash || it.key, it);
  const recs = db.prepare('SELECT r.id, r.name, r.media_path, r.transcript_path, b.content_hash, b.origin FROM recordings r LEFT JOIN batch_recordings b ON b.recording_id = r.id').all() as {
    id: string;
    name: string;
    media_path: string;
    transcript_path: string | null;
    content_hash: string | null;
    origin: 'batch' | 'import' | null;
  }[];
  const byContent = new Map(recs.filter((r) => r.content_hash).map((r) => [r.content_hash!, r] as const));
  const versions = new Map<string, string[]>();
  for (const v of db.prepare('SELECT s.recording_id AS rid, p.model_version AS mv FROM predictions p JOIN segments s ON s.id = p.segment_id GROUP BY s.recording_id, p.model_version ORDER BY p.model_version').all() as { rid: string; mv: string }[]) {
    versions.set(v.rid, [...(versions.get(v.rid) ?? []), v.mv]);
  }
  const entries: CorpusEntry[] = [];
  const covered = new Set<string>();
  for (const it of latest.values()) {
    const rec = it.content_hash ? byContent.get(it.content_hash) : undefined;
    if (rec) covered.add(rec.id);
    entries.push({
      name: rec?.name ?? baseName(it.media_path),
      media: it.media_path,
      transcript: it.transcript_path,
      recordingId: rec?.id ?? null,
      state: it.state ?? 'pending',
      origin: rec ? (rec.origin ?? 'batch') : null,
      modelVersion: it.model_version,
      analysedWith: rec ? (versions.get(rec.id) ?? []) : [],
      speakerMap: it.speaker_map,
      segments: it.segments,
      predicted: it.predicted,
      error: it.state === 'failed' ? it.error : null,
      finishedAt: it.finished_at,
      worker: it.worker,
    });
  }
  for (const r of recs) {
    if (covered.has(r.id)) continue;
    entries.push({ name: r.name, media: r.media_path, transcript: r.transcript_path, recordingId: r.id, state: 'outside', origin: 'import', modelVersion: null, analysedWith: versions.get(r.id) ?? [], speakerMap: null, segments: null, predicted: null, error: null, finishedAt: null, worker: null });
  }
  entries.sort((a, b) => a.name.localeCompare(b.name) || a.media.localeCompare(b.media));
  const count = (s: CorpusEntry['state']) => entries.filter((e) => e.state === s).length;
  return {
    counts: { total: entries.length, recordings: recs.length, done: count('done'), failed: count('failed'), pending: count('pending'), outside: count('outside') },
    activeModel: activeModelVersion(db)?.id ?? null,
    entries,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

export function corpusSummary(db: Db): CorpusSummary {
  const status = corpusStatus(db);
  const active = status.activeModel;
  const rows = active
    ? (db
        .prepare(
          `SELECT s.recording_id AS rid, r.name, r.duration_ms AS dur, s.start_ms AS a, s.end_ms AS b, s.speaker, p.fused
           FROM predictions p JOIN segments s ON s.id = p.segment_id JOIN recordings r ON r.id = s.recording_id
           WHERE p.model_version = ? ORDER BY r.name, r.id, s.start_ms`,
        )
        .all(active) as { rid: string; name: string; dur: number; a: number; b: number; speaker: string | null; fused: number }[])
    : [];
  const byRec = groupBy(rows, (r) => r.rid);
  const series = [...byRec.values()].map((segs) => {
    const dur = Math.max(1, segs[0].dur);
    const pts = segs.map((s) => ({ t: Math.min(1, Math.max(0, (s.a + s.b) / 2 / dur)), fused: s.fused }));
    // Long recordings: the mean of each of POINTS_PER_SERIES equal stretches of time.
    const points =
      pts.length <= POINTS_PER_SERIES
        ? pts
        : [...groupBy(pts, (p) => Math.min(POINTS_PER_SERIES - 1, Math.floor(p.t * POINTS_PER_SERIES))).values()].map((g) => ({ t: mean(g.map((p) => p.t)), fused: mean(g.map((p) => p.fused)) }));
    return { recordingId: segs[0].rid, name: segs[0].name, durationMs: segs[0].dur, points };
  });
  const bySpeaker = groupBy(rows, (r) => r.speaker);
  const speakers = [...bySpeaker.entries()]
    .map(([speaker, segs]) => {
      const xs = segs.map((s) => s.fused);
      const m = mean(xs);
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : null;
      const half = sd !== null ? (1.96 * sd) / Math.sqrt(xs.length) : null;
      return { speaker, segments: xs.length, recordings: new Set(segs.map((s) => s.rid)).size, mean: m, sd, ci95: half !== null ? ([m - half, m + half] as [number, number]) : null };
    })
    .sort((a, b) => b.segments - a.segments || String(a.speaker).localeCompare(String(b.speaker)));
  const hadBatch = (db.prepare('SELECT COUNT(*) AS n FROM batch_items').get() as { n: number }).n > 0;
  return { status, isCorpus: hadBatch || status.counts.recordings >= CORPUS_MIN_RECORDINGS, series, speakers };
}
