/**
 * The project as a corpus (issue 17): `attune batch status` and the Library's corpus view read it.
 * Every batch item (store/batch.ts: batch_items + batch_results) is done, failed or pending; every
 * recording no batch asked for is 'outside' (imported with `attune import`). The figures are over
 * the active model version's fused scores.
 */
import type { CorpusEntry, CorpusStatus, CorpusSummary } from '../../shared/contract/corpus';
import type { Db } from '../store/db';
import { activeModelVersion } from '../store/model-versions';
import { batchItemsWithResults, fusedScoresOf, hadBatch, keyedRecordings, scoredVersionsByRecording, type BatchItemWithResult } from '../store/corpus';

/** Past this many recordings a project is a corpus in the Library even without a batch. */
export const CORPUS_MIN_RECORDINGS = 4;
/** Each recording's line is bucketed to at most this many points (a long meeting has thousands of segments). */
const POINTS_PER_SERIES = 100;

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function corpusStatus(db: Db): CorpusStatus {
  const items = batchItemsWithResults(db);
  // One entry per content: a rerun under another model version supersedes the earlier item.
  const latest = new Map<string, BatchItemWithResult>();
  for (const it of items) latest.set(it.content_hash || it.key, it);
  const recs = keyedRecordings(db);
  const byContent = new Map(recs.filter((r) => r.content_hash).map((r) => [r.content_hash!, r] as const));
  const versions = scoredVersionsByRecording(db);
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
  const rows = active ? fusedScoresOf(db, active) : [];
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
  return { status, isCorpus: hadBatch(db) || status.counts.recordings >= CORPUS_MIN_RECORDINGS, series, speakers };
}
