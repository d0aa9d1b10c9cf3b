/**
 * attune eval: a model's metrics on a labelled set, per head, MMSA definitions (src/core/selfmi/metrics.ts)
 * plus the coverage and mean width of each head's 80 % interval.
 * Reads MMSA's label.csv (`video_id,clip_id,text,label[,label_T,label_A,label_V,annotation,mode]`)
 * or `id,text,label[,mode][,speaker]`. Without media only the text path runs (voice and face get no
 * input); with --media each row's clip runs the full pipeline, voice z-scored per speaker and face
 * deltas against that speaker's baseline. The speaker of a clip is its `speaker` cell when the CSV has
 * that column, else its video_id (MMSA: one speaker per source video), else all clips form ONE group
 * (and a notice says so): never one speaker per clip, which would zero every z-scored voice feature.
 *
 * Per head only the rows where that head's modality was present count (a clip with no face in view
 * is not a face-head miss); a head untrained in the manifest, or with no input in any row, is
 * reported with null metrics and the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { restoreCell, writeCsv } from '../formats/csv-write';
import { InputError } from '../../shared/errors';
import type { ExecutionProvider, Segment } from '../../shared/types';
import { openTextEncoder, textEncoderVersion } from '../features/text';
import { loadPack } from '../models/pack';
import { probeMedia } from '../media/probe';
import { isMediaExtension, MEDIA_EXTENSIONS } from '../../shared/file-types';
import { HEADS, type Head } from '../selfmi/config';
import { loadModel, type ModelPrediction } from '../selfmi/load';
import { evaluate, intervalCoverage, meanIntervalWidth, reliabilityCurve, type Metrics } from '../selfmi/metrics';
import { evalPlotSvg, reliabilitySvg, type ReliabilitySeries } from '../selfmi/plot';
import { openProjectDb } from '../store/db';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { writeFileAtomic } from '../store/atomic-write';
import { FeatureCache } from '../store/features';
import { featureRowsOf } from './feature-matrix';
import { computeMissingFeatures } from './features';

export interface EvalRow {
  id: string;
  videoId: string | null;
  clipId: string | null;
  text: string;
  label: number;
  mode: string | null;
  /** The `speaker` cell, else the video_id (MMSA), else null (no speaker known). */
  speaker: string | null;
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
  const speakerCol = cols.includes('speaker');
  if (!(mmsa || cols.includes('id')) || !cols.includes('text') || !cols.includes('label')) {
    throw new InputError(file, `expected columns video_id,clip_id,text,label[,…,mode] or id,text,label[,mode][,speaker]; found ${cols.join(',')}`, 1);
  }
  return records.map((r, i) => {
    const line = i + 2;
    const label = Number(r.label);
    if (r.label === undefined || r.label.trim() === '' || !Number.isFinite(label)) throw new InputError(file, `label '${r.label ?? ''}' is not a number`, line);
    const videoId = mmsa ? r.video_id : null;
    const clipId = mmsa ? r.clip_id : null;
    const speakerCell = speakerCol ? (r.speaker ?? '').trim() : '';
    if (speakerCol && !speakerCell && !mmsa) throw new InputError(file, `empty speaker (give every row a speaker, or drop the column to treat all clips as one speaker)`, line);
    const speaker = speakerCell || videoId || null;
    return { id: mmsa ? `${videoId}_${clipId}` : r.id, videoId, clipId, text: restoreCell(r.text ?? ''), label, mode: r.mode?.trim() || null, speaker, line };
  });
}

/** How clips were grouped into speakers for voice z-scores and face baselines (--media only). */
export interface SpeakerGrouping {
  /** 'speaker': the CSV's speaker column; 'video_id': MMSA's source video; 'single': all clips as one speaker. */
  by: 'speaker' | 'video_id' | 'single';
  speakers: number;
  notice: string | null;
}

const ONE_SPEAKER = '(all clips)';

/** Each row's normalisation group and a description of the grouping. */
export function speakerGrouping(file: string, rows: readonly EvalRow[]): { keys: string[]; grouping: SpeakerGrouping } {
  if (rows.every((r) => r.speaker === null)) {
    return {
      keys: rows.map(() => ONE_SPEAKER),
      grouping: {
        by: 'single',
        speakers: 1,
        notice:
          `${path.basename(file)} has no speaker column, so all ${rows.length} clips are normalised as ONE speaker ` +
          `(voice z-scored and face baseline over all of them). If the clips come from different people, add a speaker column ` +
          `(id,text,label,speaker) to normalise per speaker.`,
      },
    };
  }
  const keys = rows.map((r) => r.speaker ?? ONE_SPEAKER);
  const fromColumn = rows.some((r) => r.speaker !== null && r.speaker !== r.videoId);
  return { keys, grouping: { by: fromColumn ? 'speaker' : 'video_id', speakers: new Set(keys).size, notice: null } };
}

/** DIR/<video_id>/<clip_id>.<ext> (MMSA Raw layout) or DIR/<id>.<ext>, any audio/video extension. */
export function findMedia(dir: string, row: Pick<EvalRow, 'id' | 'videoId' | 'clipId'>): string | null {
  const stems = row.videoId && row.clipId ? [path.join(dir, row.videoId, row.clipId), path.join(dir, row.id)] : [path.join(dir, row.id)];
  for (const stem of stems) for (const ext of MEDIA_EXTENSIONS) if (fs.existsSync(stem + ext)) return stem + ext;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Per-head reports

/** The four model heads plus Self-MI's own concat-fusion head (kept for comparison). */
export type ReportedHead = Head | 'selfmi';
export const HEAD_LABELS: Record<ReportedHead, string> = { fused: 'fused', text: 'text', audio: 'voice (audio)', video: 'face (video)', selfmi: 'Self-MI concat head' };
const INPUT_WORD = { text: 'text', audio: 'voice (audio)', video: 'face (video)' } as const;

type MetricKey = Exclude<keyof Metrics, 'n'>;
export const METRIC_KEYS = ['mae', 'corr', 'acc7', 'acc5', 'has0_acc2', 'has0_f1', 'non0_acc2', 'non0_f1'] as const satisfies readonly MetricKey[];

export type HeadReport = { [K in MetricKey]: number | null } & {
  label: string;
  trained: boolean;
  /** Rows this head was scored on (rows where its modality was present). */
  n: number;
  /** Fraction of those rows whose truth lies in the head's 80 % interval; null without a spread. */
  coverage80: number | null;
  meanWidth80: number | null;
  /** Why the metrics are null (untrained, or no input in any row); null when they are numbers. */
  reason: string | null;
};

export type HeadStatus = Record<Head, { trained: boolean; note: string }>;

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function nullReport(h: ReportedHead, trained: boolean, reason: string): HeadReport {
  return { label: HEAD_LABELS[h], trained, n: 0, ...(Object.fromEntries(METRIC_KEYS.map((k) => [k, null])) as Record<MetricKey, null>), coverage80: null, meanWidth80: null, reason };
}

function scoredReport(h: ReportedHead, pred: number[], sd: number[] | null, truth: number[], source: string, range = 3): HeadReport {
  const m = evaluate(pred, truth, `${source} (${h} head)`);
  const withSd = sd ? pred.map((_, i) => i).filter((i) => Number.isFinite(sd[i])) : [];
  const cov = withSd.length > 0 && sd ? [withSd.map((i) => pred[i]), withSd.map((i) => sd[i]), withSd.map((i) => truth[i])] : null;
  return {
    label: HEAD_LABELS[h],
    trained: true,
    n: m.n,
    ...(Object.fromEntries(METRIC_KEYS.map((k) => [k, finiteOrNull(m[k])])) as Record<MetricKey, number | null>),
    coverage80: cov ? intervalCoverage(cov[0], cov[1], cov[2], 0.8, range, source) : null,
    meanWidth80: cov ? meanIntervalWidth(cov[0], cov[1], 0.8, range, source) : null,
    reason: null,
  };
}

/** Rows (indices) a head is scored on: all rows for fused, else rows where its modality was present. */
export function rowsOfHead(h: Head, preds: readonly ModelPrediction[]): number[] {
  const all = preds.map((_, i) => i);
  return h === 'fused' ? all : all.filter((i) => preds[i].present[h] > 0);
}

export function headReports(preds: readonly ModelPrediction[], truth: readonly number[], status: HeadStatus, source = 'evaluation', withMedia = true, range = 3): { heads: Record<Head, HeadReport>; selfmi: HeadReport } {
  const heads = {} as Record<Head, HeadReport>;
  for (const h of HEADS) {
    if (!status[h].trained) {
      heads[h] = nullReport(h, false, status[h].note.startsWith('untrained') ? status[h].note : `untrained: ${status[h].note}`);
      continue;
    }
    const idx = rowsOfHead(h, preds);
    if (idx.length === 0) {
      const word = INPUT_WORD[h as keyof typeof INPUT_WORD];
      heads[h] = nullReport(h, true, `no row had ${word} input${!withMedia && h !== 'text' ? ' (text path only: give --media for voice and face)' : ''}`);
      continue;
    }
    heads[h] = scoredReport(h, idx.map((i) => preds[i].scores[h]), idx.map((i) => preds[i].spread[h]), idx.map((i) => truth[i]), source, range);
  }
  const selfmi = scoredReport('selfmi', preds.map((p) => p.selfmiFused), null, [...truth], source);
  return { heads, selfmi };
}

// ---------------------------------------------------------------------------------------------
// Per-item predictions CSV

const PRESENT_KEYS = ['text', 'audio', 'video'] as const;
const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : Number(v.toFixed(6)));

export function predictionColumns(): string[] {
  return ['id', 'truth', ...HEADS.flatMap((h) => [h, `${h}_sd`, `${h}_lo80`, `${h}_hi80`]), 'selfmi', ...PRESENT_KEYS.map((m) => `present_${m}`)];
}

/**
 * One row per item: id, truth, every head's score, sd and 80 % interval, Self-MI's concat head, and
 * how much of each modality was present (0..1). A head's cells are empty where it is untrained or
 * its modality was absent for that row (the model's number there is the training-mean's output).
 */
export function predictionsCsv(rows: ReadonlyArray<Pick<EvalRow, 'id' | 'label'>>, preds: readonly ModelPrediction[], trained: Record<Head, boolean>): string {
  const body = rows.map((r, i) => {
    const p = preds[i];
    const cells: Array<string | number> = [r.id, r.label];
    for (const h of HEADS) {
      const used = trained[h] && (h === 'fused' || p.present[h] > 0);
      const iv = used ? p.interval[h] : null;
      cells.push(used ? num(p.scores[h]) : '', used ? num(p.spread[h]) : '', num(iv?.[0]), num(iv?.[1]));
    }
    cells.push(num(p.selfmiFused), ...PRESENT_KEYS.map((m) => num(p.present[m])));
    return cells;
  });
  return writeCsv([predictionColumns(), ...body]);
}

// ---------------------------------------------------------------------------------------------
// Output files

/** The reliability diagram's file next to --plot: FILE.svg -> FILE.reliability.svg. */
export function reliabilityPathOf(plot: string): string {
  return `${plot.replace(/\.svg$/i, '')}.reliability.svg`;
}

function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * Refuses an output path that would overwrite the inputs: the label CSV itself, a media file under
 * --media, or another output of the same run; the folder must exist and the path must not be a folder.
 */
export function checkOutputPath(dest: string, inputs: { labelCsv: string; media?: string; otherOutputs?: readonly string[] }): string {
  const abs = path.resolve(dest);
  if (!fs.existsSync(path.dirname(abs))) throw new InputError(dest, `destination folder ${path.dirname(abs)} does not exist`);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new InputError(dest, 'destination is a folder, not a file');
  const real = realish(abs);
  if (real === realish(inputs.labelCsv)) throw new InputError(dest, 'refusing to overwrite the label CSV being evaluated');
  if (inputs.media) {
    const media = realish(inputs.media);
    const rel = path.relative(media, real);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    if (inside && isMediaExtension(path.extname(real))) throw new InputError(dest, `refusing to overwrite a media file under --media ${inputs.media}`);
  }
  if ((inputs.otherOutputs ?? []).some((o) => realish(o) === real)) throw new InputError(dest, 'the same file is given for two outputs');
  return abs;
}

// ---------------------------------------------------------------------------------------------
// The run

export interface EvalOptions {
  modelDir: string;
  media?: string;
  mode?: string;
  ep?: ExecutionProvider;
  /** Predicted-vs-true SVG; the reliability diagram goes to reliabilityPathOf(plot). */
  plot?: string;
  /** Per-item CSV (predictionsCsv). */
  predictions?: string;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Told before the pipeline runs (e.g. that all clips are grouped as one speaker). */
  onNotice?: (message: string) => void;
}

export interface EvalReport {
  heads: Record<Head, HeadReport>;
  /** Self-MI's own concat-fusion head, all rows, no spread. */
  selfmi: HeadReport;
  withMedia: boolean;
  rows: number;
  /** Speaker grouping for normalisation; null on the text path (nothing is normalised). */
  grouping: SpeakerGrouping | null;
  outputs: { plot: string | null; reliability: string | null; predictions: string | null };
}

export async function evaluateLabelFile(file: string, opts: EvalOptions): Promise<EvalReport> {
  const all = readLabelCsv(file);
  const rows = opts.mode ? all.filter((r) => r.mode === opts.mode) : all;
  if (rows.length === 0) throw new InputError(file, `no rows${opts.mode ? ` with mode '${opts.mode}'` : ''}`);
  // Check every destination before the (long) run.
  const inputs = { labelCsv: file, media: opts.media };
  const plot = opts.plot ? checkOutputPath(opts.plot, inputs) : null;
  const reliability = plot ? checkOutputPath(reliabilityPathOf(plot), { ...inputs, otherOutputs: [plot] }) : null;
  const predictions = opts.predictions ? checkOutputPath(opts.predictions, { ...inputs, otherOutputs: [plot, reliability].filter((p): p is string => p !== null) }) : null;

  const mediaFiles = opts.media ? rows.map((r) => findMedia(opts.media!, r) ?? missingMedia(file, r, opts.media!)) : null;

  const model = await loadModel(opts.modelDir, opts.ep ?? 'auto');
  let grouping: SpeakerGrouping | null = null;
  let features;
  if (mediaFiles) {
    const g = speakerGrouping(file, rows);
    grouping = g.grouping;
    if (grouping.notice) opts.onNotice?.(grouping.notice);
    features = await mediaFeatures(rows, mediaFiles, g.keys, opts);
  } else {
    features = await textOnly(rows, opts);
  }
  const preds = await model.predict(features);
  const truth = rows.map((r) => r.label);
  const status = Object.fromEntries(HEADS.map((h) => [h, { trained: model.trained[h], note: model.manifest.headStatus[h].note }])) as HeadStatus;
  const { heads, selfmi } = headReports(preds, truth, status, file, Boolean(opts.media), model.manifest.scoreRange);

  const title = `${path.basename(file)}${opts.mode ? ` (${opts.mode})` : ''}`;
  if (plot && reliability) {
    writeFileAtomic(plot, evalPlotSvg(preds.map((p) => p.scores.fused), truth, `${title}: fused predicted vs true`));
    writeFileAtomic(reliability, reliabilitySvg(reliabilitySeries(preds, truth, heads, model.manifest.scoreRange), `${title}: reliability of the heads' intervals`));
  }
  if (predictions) writeFileAtomic(predictions, predictionsCsv(rows, preds, model.trained));
  return { heads, selfmi, withMedia: Boolean(opts.media), rows: rows.length, grouping, outputs: { plot, reliability, predictions } };
}

/** The fused head first, then every other scored head that has a spread, on the rows it was scored on. */
function reliabilitySeries(preds: readonly ModelPrediction[], truth: readonly number[], heads: Record<Head, HeadReport>, range: number): ReliabilitySeries[] {
  const out: ReliabilitySeries[] = [];
  for (const h of HEADS) {
    if (heads[h].reason !== null) continue;
    const idx = rowsOfHead(h, preds).filter((i) => Number.isFinite(preds[i].spread[h]));
    if (idx.length === 0) continue;
    const points = reliabilityCurve(idx.map((i) => preds[i].scores[h]), idx.map((i) => preds[i].spread[h]), idx.map((i) => truth[i]), undefined, range);
    const at80 = points.find((p) => p.level === 0.8)?.observed;
    out.push({ name: `${HEAD_LABELS[h]} (n = ${idx.length}${at80 === undefined ? '' : `, 80 %: ${(100 * at80).toFixed(1)} %`})`, points });
  }
  return out;
}

async function textOnly(rows: EvalRow[], opts: EvalOptions) {
  const enc = await openTextEncoder({ ep: opts.ep });
  const out: { id: string; text: Float32Array | null; audio: null; video: null }[] = [];
  for (let at = 0; at < rows.length; at += 256) {
    const chunk = rows.slice(at, at + 256);
    const vecs = await enc.embed(chunk.map((r) => r.text || ' '));
    // A row without words has no text evidence (as in featureRowsOf): missing, not a blank's embedding.
    chunk.forEach((r, i) => out.push({ id: r.id, text: r.text.trim() ? vecs[i] : null, audio: null, video: null }));
    opts.onProgress?.('text', Math.min(at + 256, rows.length), rows.length);
  }
  return out;
}

function missingMedia(file: string, r: EvalRow, media: string): never {
  throw new InputError(file, `no media for '${r.id}' under ${media} (looked for <video_id>/<clip_id>.<ext> and <id>.<ext>)`, r.line);
}

async function mediaFeatures(rows: EvalRow[], mediaFiles: string[], speakers: string[], opts: EvalOptions) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-'));
  const db = openProjectDb(tmp);
  try {
    const segs: Segment[] = [];
    for (const [i, r] of rows.entries()) {
      const media = mediaFiles[i];
      const info = await probeMedia(media);
      const recId = `rec-${i}`;
      insertRecording(db, { id: recId, name: path.basename(media), mediaPath: media, transcriptPath: null, durationMs: info.durationMs, startOffsetMs: info.startOffsetMs, hasVideo: info.hasVideo, hasAudio: info.hasAudio, width: info.width, height: info.height, importedAt: new Date().toISOString() }, info);
      const seg: Segment = { id: `seg-${i}`, recordingId: recId, startMs: 0, endMs: Math.max(1, info.durationMs), speaker: speakers[i], text: r.text };
      insertSegments(db, [seg]);
      segs.push(seg);
    }
    await computeMissingFeatures(db, { ep: opts.ep, signal: opts.signal, onProgress: opts.onProgress });
    // One normalisation group over all clips, split by speaker (speakerGrouping).
    const features = featureRowsOf(new FeatureCache(db), textEncoderVersion(await loadPack()), segs);
    return rows.map((r, i) => ({ id: r.id, text: features[i].text, audio: features[i].audio, video: features[i].video }));
  } finally {
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
