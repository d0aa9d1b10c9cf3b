/**
 * The session with the backend: the typed API, loading and refreshing what the views show, server
 * events (jobs, notices, changes), long jobs, and import.
 */
import { UNKNOWN_ANNOTATOR, type Api, type AttuneEvent, type Req, type Res } from '../../shared/contract';
import { getAnnotator } from './annotator';
import { t } from '../i18n';
import { createApi, subscribeEvents } from '../api/client';
import { ApiError, describeError, type Transport } from '../api/transport';
import { select } from './navigation';
import { clearNotices, getState, pushNotice, setState, type Job, type Segment, type State, type View } from './store';

let api: Api;
let transport: Transport;

export function getApi(): Api {
  return api;
}
export function getTransport(): Transport {
  return transport;
}

export async function init(t: Transport): Promise<void> {
  transport = t;
  api = createApi(t);
  subscribeEvents(t, onEvent);
  let first = true;
  t.onConnection((connection) => {
    setState({ connection });
    // After a dropped socket the host may have moved on (jobs finished, labels from the CLI).
    if (connection === 'open' && !first) void loadAll().catch(report);
    if (connection === 'open') first = false;
  });
  await loadAll();
}

/** Failures land in a visible notice: the analyst must never be left guessing. */
export function report(err: unknown, key?: string): void {
  pushNotice('error', describeError(err), key);
}

export async function loadAll(): Promise<void> {
  const [project, recordings, segments, labels, jobs] = await Promise.all([
    api.projectInfo({}),
    api.listRecordings({}),
    api.listSegments({}),
    shownLabels(),
    api.listJobs({}),
  ]);
  setState({
    project,
    recordings,
    segmentsByRecording: groupSegments(segments),
    ...labels,
    jobs: new Map(jobs.map((j) => [j.id, j])),
  });
  await Promise.all([refreshPredictions(), refreshModels()]);
  const s = getState();
  const keep = s.recordingId && recordings.some((r) => r.id === s.recordingId) ? s.recordingId : null;
  const latest = [...recordings].sort((a, b) => b.importedAt.localeCompare(a.importedAt))[0];
  const target = keep ?? latest?.id ?? null;
  // The first open of a session goes on to Review; after the open recording is removed in the
  // Library, the analyst stays in the Library with the next one open.
  if (target && target !== s.recordingId) await openRecording(target, s.view === 'library' && !keep && s.recordingId === null ? 'review' : s.view);
  // The recording under review was removed and none is left.
  else if (!target && s.recordingId) setState({ recordingId: null, selectedId: null, mediaUrl: null, peaks: null });
  void refreshQueue();
}

function groupSegments(segments: Segment[]): Map<string, Segment[]> {
  const by = new Map<string, Segment[]>();
  for (const seg of segments) {
    let list = by.get(seg.recordingId);
    if (!list) by.set(seg.recordingId, (list = []));
    list.push(seg);
  }
  for (const list of by.values()) list.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return by;
}

export async function openRecording(recordingId: string, view: View = 'review'): Promise<void> {
  const segs = getState().segmentsByRecording.get(recordingId) ?? [];
  const durationS = (getState().recordings.find((r) => r.id === recordingId)?.durationMs ?? 0) / 1000;
  // Two fixed rates so the host's peak cache is hit: fine enough to see syllables on a short
  // recording, and under 400k values for a 2-hour one.
  const peaksPerSecond = durationS <= 1800 ? 200 : 50;
  setState({ recordingId, view, mediaUrl: null, peaks: null, selectedId: segs[0]?.id ?? null });
  // The waveform may take the host a few seconds the first time (it decodes the audio); the view
  // is usable without it, so it arrives when it arrives.
  void api
    .waveformPeaks({ recordingId, peaksPerSecond })
    .then((p) => {
      if (getState().recordingId === recordingId) setState({ peaks: { recordingId, peaksPerSecond: p.peaksPerSecond, peaks: Float32Array.from(p.peaks) } });
    })
    .catch(report);
  const { url } = await api.mediaUrl({ recordingId });
  if (getState().recordingId === recordingId) setState({ mediaUrl: url });
}

export async function refreshSegments(): Promise<void> {
  setState({ segmentsByRecording: groupSegments(await api.listSegments({})) });
}
export async function refreshLabels(): Promise<void> {
  setState(await shownLabels());
}

/**
 * The labels the views show: the project's (gold) labels, or, while the project labels blind, only
 * the labels of whoever is "Labelling as" here ('unknown' without a name, where such labels go).
 */
async function shownLabels(): Promise<Pick<State, 'blind' | 'labels'>> {
  const { blind } = await api.blindLabelling({});
  const labels = await api.listLabels(blind ? { annotator: getAnnotator() ?? UNKNOWN_ANNOTATOR } : {});
  return { blind, labels: new Map(labels.map((l) => [l.segmentId, l])) };
}

/** Blind labelling on or off for the project (the 'blind' action); every open window follows on the change event. */
export async function setBlind(blind: boolean): Promise<void> {
  await api.setBlindLabelling({ blind });
  await refreshLabels();
  await refreshQueue();
}
export async function refreshPredictions(): Promise<void> {
  const preds = await api.predictions({});
  setState({ predictions: new Map(preds.map((p) => [p.segmentId, p])) });
}
export async function refreshModels(): Promise<void> {
  setState({ models: await api.listModels({}) });
}
export async function refreshQueue(): Promise<void> {
  try {
    // Blind: what I have not labelled, whether or not someone else has (the gold label would tell).
    const me = getState().blind ? { annotator: getAnnotator() ?? UNKNOWN_ANNOTATOR } : {};
    setState({ queue: await api.labelQueue({ limit: 100, ...me }) });
  } catch (err) {
    report(err);
  }
}
export async function refreshRecordings(): Promise<void> {
  const [recordings, project] = await Promise.all([api.listRecordings({}), api.projectInfo({})]);
  setState({ recordings, project });
}

const seenNotices = new Set<string>();
function onEvent(e: AttuneEvent): void {
  if (e.type === 'job') {
    const prev = getState().jobs.get(e.job.id);
    const loss = e.job.metrics?.loss;
    setState((s) => {
      const patch: Partial<typeof s> = { jobs: new Map(s.jobs).set(e.job.id, e.job) };
      // Keep the loss curve of a training job as it arrives (one point per reported step).
      if (typeof loss === 'number' && Number.isFinite(loss) && (prev?.metrics?.loss !== loss || prev?.stage !== e.job.stage)) {
        const curve = s.lossCurves.get(e.job.id) ?? [];
        patch.lossCurves = new Map(s.lossCurves).set(e.job.id, [...curve, { stage: e.job.stage, loss }].slice(-2000));
      }
      return patch;
    });
    if (prev?.state !== e.job.state && ['done', 'failed', 'cancelled'].includes(e.job.state)) void onJobEnded(e.job);
  } else if (e.type === 'notice') {
    // A provider fallback is said once per session, however many jobs trigger it.
    const key = `${e.notice.kind}:${e.notice.message}`;
    if (seenNotices.has(key)) return;
    seenNotices.add(key);
    pushNotice(e.notice.kind, e.notice.message);
  } else if (e.type === 'changed') {
    const what = e.what;
    const run =
      what === 'recordings' ? refreshRecordings() :
      what === 'segments' ? refreshSegments() :
      what === 'labels' ? refreshLabels().then(refreshQueue) :
      what === 'predictions' ? refreshPredictions().then(refreshQueue) :
      refreshModels();
    void run.catch(report);
  }
}

async function onJobEnded(job: Job): Promise<void> {
  if (job.state === 'failed') pushNotice('error', t('notice.jobFailed', { kind: job.kind, message: job.message ?? t('notice.noReason') }), `job:${job.kind}`);
  if (job.state !== 'done') return;
  clearNotices(`job:${job.kind}`);
  await Promise.all([refreshPredictions(), refreshModels(), refreshRecordings(), refreshSegments()]).catch(report);
  void refreshQueue();
}

/** Starts a job: the kind with its own params, as the contract types them (contract/jobs.ts). */
export async function startJob(req: Req<'startJob'>): Promise<string | null> {
  const { kind } = req;
  try {
    const { jobId } = await api.startJob(req);
    // The first progress event may come later; show the job at once so the analyst sees it started.
    setState((s) => (s.jobs.has(jobId) ? {} : { jobs: new Map(s.jobs).set(jobId, placeholderJob(jobId, kind)) }));
    return jobId;
  } catch (err) {
    report(err);
    return null;
  }
}

function placeholderJob(id: string, kind: Job['kind']): Job {
  return { id, kind, state: 'queued', stage: 'starting', done: 0, total: 0, etaMs: null, message: null, startedAt: new Date().toISOString(), finishedAt: null, metrics: {} };
}

export async function cancelJob(jobId: string): Promise<void> {
  try {
    const r = await api.cancelJob({ jobId });
    setState((s) => {
      const j = s.jobs.get(jobId);
      return j ? { jobs: new Map(s.jobs).set(jobId, { ...j, state: r.state as Job['state'] }) } : {};
    });
  } catch (err) {
    report(err);
  }
}


export async function importFiles(media: File, transcript: File | null): Promise<{ recordingId: string; segments: number }> {
  const mediaPath = await transport.serverPathFor(media);
  const transcriptPath = transcript ? await transport.serverPathFor(transcript) : null;
  let res: { recordingId: string; segments: number };
  try {
    res = await api.importRecording({ mediaPath, transcriptPath });
  } catch (err) {
    // In the browser the host names its uploaded copy; the analyst knows the file by its own name.
    const names: [string, string][] = [[mediaPath, media.name]];
    if (transcript && transcriptPath) names.push([transcriptPath, transcript.name]);
    throw renameFiles(err, names);
  }
  await Promise.all([refreshRecordings(), refreshSegments()]);
  // The newest recording becomes the one under review, as when the app opens; the analyst stays
  // on the Library to read the probe results.
  await openRecording(res.recordingId, getState().view);
  return res;
}

/**
 * Labels made elsewhere, as another annotator (the Agreement view's "Import labels…"): the file goes
 * to the host as a recording's files do (the browser uploads it to the project's inbox/), then
 * importLabels reads it; times in EAF/TextGrid/WebVTT refer to the recording under review.
 */
export async function importLabelFile(file: File, req: Omit<Req<'importLabels'>, 'path' | 'recordingId'>): Promise<Res<'importLabels'>> {
  const path = await transport.serverPathFor(file);
  const recordingId = getState().recordingId;
  try {
    const res = await api.importLabels({ ...req, path, ...(recordingId ? { recordingId } : {}) });
    await refreshLabels();
    return res;
  } catch (err) {
    throw renameFiles(err, [[path, file.name]]);
  }
}

function renameFiles(err: unknown, names: [string, string][]): unknown {
  if (!(err instanceof ApiError) || transport.kind !== 'browser') return err;
  let message = err.message;
  let file = err.file;
  for (const [from, to] of names) {
    message = message.split(from).join(to);
    if (file === from) file = to;
  }
  return new ApiError({ code: err.code, message, file, line: err.line });
}

export function navigate(view: View): void {
  const was = getState().view;
  setState({ view });
  if (view === 'queue') {
    // The keys act on the highlighted queue item: entering the Queue selects its first open item
    // (none until the queue is there), never the segment that was selected in Review.
    if (was !== 'queue') selectFirstQueued();
    void refreshQueue().then(() => {
      const s = getState();
      if (s.view === 'queue' && !s.queue.some((q) => q.segmentId === s.selectedId)) selectFirstQueued();
    });
  }
  if (view === 'tune') void refreshModels().catch(report);
}

function selectFirstQueued(): void {
  const s = getState();
  const first = s.queue.find((q) => !s.labels.has(q.segmentId)) ?? s.queue[0];
  if (first) select(first.segmentId);
  else setState({ selectedId: null });
}
