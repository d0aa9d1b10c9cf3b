/**
 * The core service: implements the contract (`Api`) over one project folder. Adapters bind it to
 * IPC, to the browser host's WebSocket, or to the CLI; they never reach the store directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UnimodalHeadSchema, type Api, type Req, type Res, type UnimodalHead } from '../../shared/contract';
import { AttuneError } from '../../shared/errors';
import type { Label } from '../../shared/types';
import { computePeaks } from '../media/peaks';
import { DB_FILE, discardNewProject, openProjectDb, type Db } from '../store/db';
import { annotatorScores, appendLabel, countLabels, getAnnotatorLabel, getBlindLabelling, getGoldRule, getLabel, labelHistory, listAnnotatorLabels, listAnnotators, listLabels, setBlindLabelling, setGoldRule } from '../store/labels';
import { agreementReport } from './agreement';
import { importLabels } from './import-labels';
import { listPredictions } from '../store/predictions';
import { activateModelVersion, activeModelVersion, headNotesOfVersion, listModelVersions, trainedHeadsOfVersion, type ModelVersionRow } from '../store/model-versions';
import { hasAnyFeatures } from '../store/features';
import { getWaveformPeaks, putWaveformPeaks } from '../store/waveform-peaks';
import { deleteRecording, getRecording, listRecordings, renameRecording } from '../store/recordings';
import { countSegments, getSegment, listSegments } from '../store/segments';
import { getUndoStack, saveUndoStack } from '../store/undo';
import { EventHub } from './events';
import { writeExport } from './export';
import { importRecording } from './ingest';
import { JobRunner } from './jobs';
import { rankQueue } from './queue';
import { mergeWithNext, setBounds, setSpeaker, setText, splitSegment, unmergeSegments } from './segment-edits';
import { tuneReport } from './tune-report';
import { corpusSummary } from './corpus';
import type { ExecutionProvider } from '../../shared/types';
import { bindAnalysis } from './analysis-jobs';
import { readFeatureRows } from '../analysis/feature-matrix';
import { ensureActiveVersion, predictAndStore } from '../analysis/models';

export interface ServiceOptions {
  /** How a recording's media is addressed by this adapter (custom protocol, HTTP URL...). */
  mediaUrl?: (recordingId: string) => string;
  ep?: ExecutionProvider;
  /**
   * Long-lived adapters (browser host, Electron) watch the database for commits by other processes
   * (`attune label` or `attune tune` run beside an open window) and tell their clients.
   */
  watchExternalChanges?: boolean;
  /**
   * Long-lived adapters: after a segment edit in an analysed project, score the edited segments in
   * a background analyze job (off for the CLI, where `attune analyze` does it).
   */
  reanalyseAfterEdit?: boolean;
  /** False: refuse a folder that holds no project yet (a mistyped --project must not make one). */
  create?: boolean;
}

export interface AttuneService {
  readonly dir: string;
  readonly db: Db;
  readonly api: Api;
  readonly events: EventHub;
  readonly jobs: JobRunner;
  ep: ExecutionProvider;
  /** Opening this service made the project (there was no database in the folder before). */
  readonly created: boolean;
  close(): Promise<void>;
  /**
   * Closes; and if this service created the project and nothing was stored in it (a first import
   * that failed), removes it again, and the folder too if this made it and it is empty.
   */
  discard(): Promise<void>;
}


export const toModelVersion = (r: ModelVersionRow): Res<'listModels'>[number] => ({
  id: r.id,
  createdAt: r.created_at,
  parent: r.parent,
  active: r.active === 1,
  source: r.source,
  metrics: JSON.parse(r.metrics_json),
  trainedHeads: trainedHeadsOfVersion(r),
  headNotes: headNotesOfVersion(r),
  config: JSON.parse(r.config_json),
  dataSummary: JSON.parse(r.data_summary_json),
});

export function createService(dir: string, options: ServiceOptions = {}): AttuneService {
  const projectDir = path.resolve(dir);
  const dirExisted = fs.existsSync(projectDir);
  const dbExisted = fs.existsSync(path.join(projectDir, DB_FILE));
  const db = openProjectDb(projectDir, { create: options.create ?? true });
  const events = new EventHub();
  const jobs = new JobRunner(db, events);
  const changed = (what: 'recordings' | 'segments' | 'labels' | 'predictions' | 'models') => events.emit({ type: 'changed', what });

  /**
   * After a split, merge or nudge the edited segments have no predictions (they scored another
   * window): in a project that was analysed, a background analyze job computes the features of
   * just those windows (the rest is cached) and scores them. One at a time; an edit during a run
   * asks for one more run after it.
   */
  let reanalysis: { running: boolean; again: boolean } = { running: false, again: false };
  const reanalyse = () => {
    if (reanalysis.running) {
      reanalysis.again = true;
      return;
    }
    const analysed = hasAnyFeatures(db) && activeModelVersion(db) !== null;
    if (!analysed || !options.reanalyseAfterEdit) return;
    reanalysis = { running: true, again: false };
    const { done } = jobs.start('analyze', { reason: 'segment edit' });
    void done
      .catch(() => undefined)
      .then(() => {
        const again = reanalysis.again;
        reanalysis = { running: false, again: false };
        if (again) reanalyse();
      });
  };
  const edited = () => {
    changed('segments');
    changed('predictions');
    reanalyse();
  };

  const mustSegment = (id: string) => {
    const seg = getSegment(db, id);
    if (!seg) throw new AttuneError('NOT_FOUND', `no segment '${id}'`);
    return seg;
  };

  /** Uploads land in <project>/inbox; a failed import of them must not leave them behind. */
  const importing = async (media: string, transcript: string | null, opts: Parameters<typeof importRecording>[3] = {}) => {
    try {
      return await importRecording(db, media, transcript, opts);
    } catch (err) {
      const inbox = path.join(projectDir, 'inbox') + path.sep;
      // Never a file an earlier import already holds (a client may retry with the same upload).
      const held = new Set(listRecordings(db).flatMap((r) => [r.mediaPath, r.transcriptPath]));
      for (const p of [media, transcript]) if (p && path.resolve(p).startsWith(inbox) && !held.has(path.resolve(p))) fs.rmSync(path.resolve(p), { force: true });
      throw err;
    }
  };

  // Job parameters come from any client: the runner checks them against the contract (contract/jobs.ts).
  jobs.register('import', async (req, ctx) => {
    const res = await importing(req.mediaPath, req.transcriptPath ?? null, {
      language: req.language,
      signal: ctx.signal,
      onProgress: (stage, done, total) => ctx.progress(stage, done, total),
    });
    changed('recordings');
    changed('segments');
    return res;
  });
  jobs.register('export', async (req, ctx) => {
    ctx.progress('export', 0, 1);
    const res = writeExport(db, req.format, req.outPath, { projectDir, recordingId: req.recordingId, overwrite: req.overwrite, includeScores: req.includeScores, annotators: req.annotators });
    ctx.progress('export', 1, 1);
    return res;
  });

  /** startJob's request is one of the kinds with its own params: each starts typed, no cast. */
  const startJob = (req: Req<'startJob'>): string => {
    switch (req.kind) {
      case 'import':
        return jobs.start('import', req.params).jobId;
      case 'analyze':
        return jobs.start('analyze', req.params ?? {}).jobId;
      case 'tune':
        return jobs.start('tune', req.params ?? {}).jobId;
      case 'export':
        return jobs.start('export', req.params).jobId;
    }
  };

  const api: Api = {
    async projectInfo() {
      return { path: projectDir, name: path.basename(projectDir), recordings: listRecordings(db).length, segments: countSegments(db), labels: countLabels(db) };
    },
    async listRecordings() {
      return listRecordings(db);
    },
    async renameRecording(req) {
      if (!getRecording(db, req.recordingId)) throw new AttuneError('NOT_FOUND', `no recording '${req.recordingId}'`);
      renameRecording(db, req.recordingId, req.name);
      changed('recordings');
      return getRecording(db, req.recordingId)!;
    },
    async removeRecording(req) {
      if (!getRecording(db, req.recordingId)) throw new AttuneError('NOT_FOUND', `no recording '${req.recordingId}'`);
      if (jobs.list().some((j) => j.state === 'running' || j.state === 'queued')) throw new AttuneError('CONFLICT', 'a job is running: remove the recording once it is done (or cancel it)');
      const segments = deleteRecording(db, req.recordingId);
      changed('recordings');
      changed('segments');
      changed('labels');
      changed('predictions');
      return { recordingId: req.recordingId, segments };
    },
    async importRecording(req) {
      const res = await importing(req.mediaPath, req.transcriptPath ?? null, { language: req.language });
      changed('recordings');
      changed('segments');
      return res;
    },
    async listSegments(req) {
      return listSegments(db, req.recordingId);
    },
    async listLabels(req) {
      return req.annotator ? listAnnotatorLabels(db, req.annotator) : listLabels(db);
    },
    async setLabel(req) {
      mustSegment(req.segmentId);
      const label = appendLabel(db, req.segmentId, req.score, req.note ?? null, 'analyst', req.annotator) as Label;
      changed('labels');
      return label;
    },
    async clearLabel(req) {
      mustSegment(req.segmentId);
      const own = req.annotator ? getAnnotatorLabel(db, req.segmentId, req.annotator) !== null : false;
      if (own || getLabel(db, req.segmentId)) appendLabel(db, req.segmentId, null, null, 'analyst', req.annotator);
      changed('labels');
      return { segmentId: req.segmentId };
    },
    async listAnnotators() {
      return listAnnotators(db);
    },
    async importLabels(req) {
      const res = await importLabels(db, req);
      changed('labels');
      return res;
    },
    async goldRule() {
      return getGoldRule(db);
    },
    async setGoldRule(req) {
      const rule = setGoldRule(db, req.rule);
      changed('labels');
      return rule;
    },
    async blindLabelling() {
      return { blind: getBlindLabelling(db) };
    },
    async setBlindLabelling(req) {
      const blind = setBlindLabelling(db, req.blind);
      changed('labels');
      return { blind };
    },
    async agreement(req) {
      if (req.recordingId && !getRecording(db, req.recordingId)) throw new AttuneError('NOT_FOUND', `no recording ${req.recordingId}`);
      return agreementReport(annotatorScores(db, req.recordingId), listRecordings(db));
    },
    async labelHistory(req) {
      return labelHistory(db, req.segmentId);
    },
    async splitSegment(req) {
      const res = splitSegment(db, req.segmentId, req.atMs);
      edited();
      return res;
    },
    async mergeSegments(req) {
      const res = mergeWithNext(db, req.segmentId);
      edited();
      changed('labels');
      return res;
    },
    async unmergeSegments(req) {
      const res = unmergeSegments(db, req.segmentId, req.swallowedId);
      changed('segments');
      changed('labels');
      changed('predictions');
      // Restored predictions are those of the stored windows; nothing to recompute.
      return res;
    },
    async updateSegmentBounds(req) {
      const res = setBounds(db, req.segmentId, req.startMs, req.endMs);
      edited();
      return res;
    },
    async updateSegmentText(req) {
      const before = mustSegment(req.segmentId);
      const res = setText(db, req.segmentId, req.text);
      if (res.text !== before.text) edited();
      return res;
    },
    async setSpeaker(req) {
      const res = setSpeaker(db, req.segmentIds, req.speaker);
      // Voice and face are normalised per speaker: the recording's scores are computed again.
      edited();
      return res;
    },
    async waveformPeaks(req) {
      const rec = getRecording(db, req.recordingId);
      if (!rec) throw new AttuneError('NOT_FOUND', `no recording '${req.recordingId}'`);
      const pps = req.peaksPerSecond ?? 50;
      if (!rec.hasAudio) return { peaksPerSecond: pps, peaks: [] };
      let peaks = getWaveformPeaks(db, rec.id, pps);
      if (!peaks) {
        peaks = await computePeaks(rec.mediaPath, pps, rec.durationMs);
        putWaveformPeaks(db, rec.id, pps, peaks);
      }
      return { peaksPerSecond: pps, peaks: Array.from(peaks, (v) => Math.round(v * 1000) / 1000) };
    },
    async mediaUrl(req) {
      if (!getRecording(db, req.recordingId)) throw new AttuneError('NOT_FOUND', `no recording '${req.recordingId}'`);
      if (!options.mediaUrl) throw new AttuneError('USAGE', 'this adapter serves no media');
      return { url: options.mediaUrl(req.recordingId) };
    },
    async exportLabels(req) {
      return writeExport(db, req.format, req.outPath, { projectDir, recordingId: req.recordingId, overwrite: req.overwrite, includeScores: req.includeScores, annotators: req.annotators });
    },
    async startJob(req) {
      return { jobId: startJob(req) };
    },
    async cancelJob(req) {
      return jobs.cancel(req.jobId);
    },
    async listJobs() {
      return jobs.list();
    },
    async predictions() {
      const preds = listPredictions(db);
      if (preds.length > 0 || countSegments(db) === 0) return preds;
      // An active version without a single prediction (a project an older Attune left so when it was
      // killed right after tuning): score it now from the cached features rather than answer [] as if
      // that were the result. Without features (never analysed) it stays [] and adapters say so.
      const active = activeModelVersion(db);
      if (!active) return preds;
      const rows = await readFeatureRows(db);
      if (rows.length === 0 || rows.some((r) => !r.text && !r.audio && !r.video)) return preds;
      await predictAndStore(db, active, rows, svc.ep);
      changed('predictions');
      return listPredictions(db);
    },
    async listModels() {
      // Every project has the shipped model, analysed or not.
      ensureActiveVersion(db);
      return listModelVersions(db).map(toModelVersion);
    },
    async activateModel(req) {
      ensureActiveVersion(db);
      const row = listModelVersions(db).find((v) => v.id === req.versionId);
      if (!row) throw new AttuneError('NOT_FOUND', `no model version '${req.versionId}'`);
      activateModelVersion(db, row.id);
      changed('models');
      changed('predictions');
      return toModelVersion({ ...row, active: 1 });
    },
    async compareModels(req) {
      const versions = listModelVersions(db);
      const a = versions.find((v) => v.id === req.a);
      const b = versions.find((v) => v.id === req.b);
      if (!a || !b) throw new AttuneError('NOT_FOUND', `no model version '${!a ? req.a : req.b}'`);
      const pb = new Map(listPredictions(db, b.id).map((p) => [p.segmentId, p.scores.fused] as const));
      const labels = new Map(listLabels(db).map((l) => [l.segmentId, l.score] as const));
      const points = listPredictions(db, a.id)
        .filter((p) => pb.has(p.segmentId))
        .map((p) => ({ segmentId: p.segmentId, a: p.scores.fused, b: pb.get(p.segmentId)!, label: labels.get(p.segmentId) ?? null }));
      return { a: toModelVersion(a), b: toModelVersion(b), points };
    },
    async tuneReport(req) {
      ensureActiveVersion(db);
      return tuneReport(db, req.versionId);
    },
    async labelQueue(req) {
      const labelled = new Set((req.annotator ? listAnnotatorLabels(db, req.annotator) : listLabels(db)).map((l) => l.segmentId));
      const preds = new Map(listPredictions(db).map((p) => [p.segmentId, p] as const));
      return rankQueue(listSegments(db), labelled, preds, trainedHeads(db), req.limit ?? 50);
    },
    async undoStack() {
      return getUndoStack(db);
    },
    async saveUndoStack(req) {
      saveUndoStack(db, req);
      return { done: req.done.length, undone: req.undone.length };
    },
    async setProvider(req) {
      svc.ep = req.ep;
      return { ep: req.ep };
    },
    async corpusSummary() {
      return corpusSummary(db);
    },
  };

  // PRAGMA data_version changes only when ANOTHER connection commits, which is exactly "external".
  let dataVersion = db.pragma('data_version', { simple: true }) as number;
  const watcher = options.watchExternalChanges
    ? setInterval(() => {
        const v = db.pragma('data_version', { simple: true }) as number;
        if (v === dataVersion) return;
        dataVersion = v;
        for (const what of ['recordings', 'segments', 'labels', 'predictions', 'models'] as const) changed(what);
      }, 1000)
    : null;
  watcher?.unref();

  const svc: AttuneService = {
    dir: projectDir,
    db,
    api,
    events,
    jobs,
    ep: options.ep ?? 'auto',
    created: !dbExisted,
    async close() {
      if (watcher) clearInterval(watcher);
      await jobs.cancelAll();
      db.close();
    },
    async discard() {
      if (!svc.created) return svc.close();
      if (watcher) clearInterval(watcher);
      await jobs.cancelAll();
      discardNewProject(db, projectDir, !dirExisted);
    },
  };
  bindAnalysis(svc);
  return svc;
}

/** Heads of the active model that were trained on real labels (others must not steer the queue). */
function trainedHeads(db: Db): Set<UnimodalHead> {
  const active = listModelVersions(db).find((v) => v.active === 1);
  return new Set(active ? trainedHeadsOfVersion(active) : UnimodalHeadSchema.options);
}

