/**
 * attune eval: a model's metrics on a labelled set, MMSA definitions (src/core/selfmi/metrics.ts).
 * Reads MMSA's label.csv (`video_id,clip_id,text,label[,label_T,label_A,label_V,annotation,mode]`)
 * or `id,text,label[,mode]`. Without media only the text path runs (voice and face inputs are the
 * training mean); with --media each row's clip runs the full pipeline, voice normalised per
 * video_id (one speaker per source video in MOSI) and face deltas against that video's baseline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../shared/errors';
import type { ExecutionProvider, Segment } from '../../shared/types';
import { openTextEncoder, textEncoderVersion } from '../features/text';
import { loadPack } from '../models/pack';
import { MEDIA_EXTENSIONS, probeMedia } from '../media/probe';
import { loadModel } from '../selfmi/load';
import { evaluate, type Metrics } from '../selfmi/metrics';
import { evalPlotSvg } from '../selfmi/plot';
import { openProjectDb } from '../store/db';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { FeatureCache } from './feature-cache';
import { featureRowsOf } from './feature-matrix';
import { computeMissingFeatures } from './features';

export interface EvalRow {
  id: string;
  videoId: string | null;
  clipId: string | null;
  text: string;
  label: number;
  mode: string | null;
  line: number;
}

export function readLabelCsv(file: string): EvalRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(fs.readFileSync(file), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true, bom: true });
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new InputError(file, `not a readable CSV: ${e.message.split('\n')[0]}`, e.lines);
  }
  if (records.length === 0) throw new InputError(file, 'no rows');
  const cols = Object.keys(records[0]);
  const mmsa = cols.includes('video_id') && cols.includes('clip_id');
  if (!(mmsa || cols.includes('id')) || !cols.includes('text') || !cols.includes('label')) {
    throw new InputError(file, `expected columns video_id,clip_id,text,label[,…,mode] or id,text,label[,mode]; found ${cols.join(',')}`, 1);
  }
  return records.map((r, i) => {
    const line = i + 2;
    const label = Number(r.label);
    if (r.label === undefined || r.label.trim() === '' || !Number.isFinite(label)) throw new InputError(file, `label '${r.label ?? ''}' is not a number`, line);
    const videoId = mmsa ? r.video_id : null;
    const clipId = mmsa ? r.clip_id : null;
    return { id: mmsa ? `${videoId}_${clipId}` : r.id, videoId, clipId, text: r.text ?? '', label, mode: r.mode?.trim() || null, line };
  });
}

/** DIR/<video_id>/<clip_id>.<ext> (MMSA Raw layout) or DIR/<id>.<ext>, any audio/video extension. */
export function findMedia(dir: string, row: EvalRow): string | null {
  const stems = row.videoId && row.clipId ? [path.join(dir, row.videoId, row.clipId), path.join(dir, row.id)] : [path.join(dir, row.id)];
  for (const stem of stems) for (const ext of MEDIA_EXTENSIONS) if (fs.existsSync(stem + ext)) return stem + ext;
  return null;
}

export interface EvalOptions {
  modelDir: string;
  media?: string;
  mode?: string;
  ep?: ExecutionProvider;
  plot?: string;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export async function evaluateLabelFile(file: string, opts: EvalOptions): Promise<Metrics & { head: 'fused'; withMedia: boolean }> {
  const all = readLabelCsv(file);
  const rows = opts.mode ? all.filter((r) => r.mode === opts.mode) : all;
  if (rows.length === 0) throw new InputError(file, `no rows${opts.mode ? ` with mode '${opts.mode}'` : ''}`);
  const model = await loadModel(opts.modelDir, opts.ep ?? 'auto');
  const features = opts.media ? await mediaFeatures(file, rows, opts) : await textOnly(rows, opts);
  const preds = await model.predict(features);
  const pred = preds.map((p) => p.scores.fused);
  const truth = rows.map((r) => r.label);
  const metrics = evaluate(pred, truth, file);
  if (opts.plot) fs.writeFileSync(opts.plot, evalPlotSvg(pred, truth, `${path.basename(file)}${opts.mode ? ` (${opts.mode})` : ''}: predicted vs true`));
  return { ...metrics, head: 'fused', withMedia: Boolean(opts.media) };
}

async function textOnly(rows: EvalRow[], opts: EvalOptions) {
  const enc = await openTextEncoder({ ep: opts.ep });
  const out: { id: string; text: Float32Array; audio: null; video: null }[] = [];
  for (let at = 0; at < rows.length; at += 256) {
    const chunk = rows.slice(at, at + 256);
    const vecs = await enc.embed(chunk.map((r) => r.text || ' '));
    chunk.forEach((r, i) => out.push({ id: r.id, text: vecs[i], audio: null, video: null }));
    opts.onProgress?.('text', Math.min(at + 256, rows.length), rows.length);
  }
  return out;
}

async function mediaFeatures(file: string, rows: EvalRow[], opts: EvalOptions) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-'));
  const db = openProjectDb(tmp);
  try {
    const segs: { seg: Segment }[] = [];
    for (const r of rows) {
      const media = findMedia(opts.media!, r);
      if (!media) throw new InputError(file, `no media for '${r.id}' under ${opts.media} (looked for <video_id>/<clip_id>.<ext> and <id>.<ext>)`, r.line);
      const info = await probeMedia(media);
      const recId = `rec-${segs.length}`;
      insertRecording(db, { id: recId, name: path.basename(media), mediaPath: media, transcriptPath: null, durationMs: info.durationMs, startOffsetMs: info.startOffsetMs, hasVideo: info.hasVideo, hasAudio: info.hasAudio, width: info.width, height: info.height, importedAt: new Date().toISOString() }, info);
      const seg: Segment = { id: `seg-${segs.length}`, recordingId: recId, startMs: 0, endMs: Math.max(1, info.durationMs), speaker: r.videoId ?? r.id, text: r.text };
      insertSegments(db, [seg]);
      segs.push({ seg });
    }
    await computeMissingFeatures(db, { ep: opts.ep, signal: opts.signal, onProgress: opts.onProgress });
    // One normalisation group over all clips: the speaker of each is its source video.
    const features = featureRowsOf(new FeatureCache(db), textEncoderVersion(await loadPack()), segs.map((x) => x.seg));
    return rows.map((r, i) => ({ id: r.id, text: features[i].text, audio: features[i].audio, video: features[i].video }));
  } finally {
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
