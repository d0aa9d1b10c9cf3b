import { useRef, useState } from 'react';
import { describeError } from '../api/transport';
import { getApi, importFiles, loadAll, openRecording, refreshRecordings, report, startJob } from '../state/controller';
import { useStore, type Recording } from '../state/store';
import { formatClock } from '../timeline/viewport';
import { acceptAttribute, MEDIA_EXTENSIONS, TRANSCRIPT_EXTENSIONS } from '../../shared/file-types';
import { Corpus } from './Corpus';
import { RecentProjects } from './RecentProjects';
import { formatDateTime, t } from '../i18n';

const MEDIA = /\.(mp4|mov|mkv|webm|m4a|wav|mp3)$/i;
const TRANSCRIPT = /\.(vtt|srt|json|eaf|textgrid|csv)$/i;

export function Library() {
  const project = useStore((s) => s.project);
  const recordings = useStore((s) => s.recordings);
  const byRec = useStore((s) => s.segmentsByRecording);
  const jobs = useStore((s) => s.jobs);
  const [media, setMedia] = useState<File | null>(null);
  const [transcript, setTranscript] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ recordingId: string; segments: number } | null>(null);
  const [over, setOver] = useState(false);
  const mediaInput = useRef<HTMLInputElement>(null);
  const transcriptInput = useRef<HTMLInputElement>(null);

  const picked = (set: () => void) => {
    set();
    setError(null);
    setResult(null);
  };

  const onDrop = (files: FileList) => {
    for (const f of Array.from(files)) {
      // A new choice ends what the last import said: no old success beside a new problem, and no
      // old problem once a usable file is picked.
      setResult(null);
      if (MEDIA.test(f.name)) {
        setMedia(f);
        setError(null);
      } else if (TRANSCRIPT.test(f.name)) {
        setTranscript(f);
        setError(null);
      } else setError(t('lib.notMedia', { name: f.name }));
    }
  };

  const doImport = async () => {
    if (!media) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await importFiles(media, transcript);
      setResult(res);
      setMedia(null);
      setTranscript(null);
      if (mediaInput.current) mediaInput.current.value = '';
      if (transcriptInput.current) transcriptInput.current.value = '';
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const analysing = [...jobs.values()].some((j) => j.kind === 'analyze' && (j.state === 'running' || j.state === 'queued'));
  const imported = result ? recordings.find((r) => r.id === result.recordingId) : null;

  return (
    <div className="library">
      <section className="card">
        <h2>{t('lib.project')}</h2>
        {project ? (
          <p>
            <strong>{project.name}</strong> <span className="muted project-path">{project.path}</span>
            <br />
            {t('count.recordings', { count: project.recordings })} · {t('count.segments', { count: project.segments })} · {t('count.labels', { count: project.labels })}
          </p>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>

      <RecentProjects />

      <Corpus />

      <section
        className={`card import${over ? ' over' : ''}`}
        data-testid="import-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          onDrop(e.dataTransfer.files);
        }}
      >
        <h2>{t('lib.import')}</h2>
        <p className="muted">{t('lib.dropHint')}</p>
        <div className="import-grid">
          <label>
            {t('lib.recording')}
            <input ref={mediaInput} type="file" data-testid="import-media" accept={acceptAttribute(MEDIA_EXTENSIONS)} onChange={(e) => picked(() => setMedia(e.target.files?.[0] ?? null))} />
          </label>
          <span className="file-name">{media?.name ?? ''}</span>
          <label>
            {t('lib.transcriptOptional')}
            <input ref={transcriptInput} type="file" data-testid="import-transcript" accept={acceptAttribute(TRANSCRIPT_EXTENSIONS)} onChange={(e) => picked(() => setTranscript(e.target.files?.[0] ?? null))} />
          </label>
          <span className="file-name">{transcript?.name ?? t('lib.noTranscript')}</span>
        </div>
        <button type="button" className="primary" data-testid="import-button" disabled={!media || busy} onClick={() => void doImport()}>
          {busy ? t('lib.importing') : t('lib.importButton')}
        </button>
        {error && (
          <div className="error-box" data-testid="import-error" role="alert">
            <strong>{t('lib.importFailed')}</strong> {error}
            <div className="muted">{t('lib.nothingChanged')}</div>
          </div>
        )}
        {result && (
          <div className="ok-box" data-testid="import-result">
            {t('lib.imported', { count: result.segments })}
            {imported && <ProbeSummary r={imported} />}
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head">
          <h2>{t('lib.recordings')}</h2>
          <button type="button" data-testid="analyze-button" title={t('lib.analyseTitle')} disabled={recordings.length === 0 || analysing} onClick={() => void startJob({ kind: 'analyze', params: {} }).catch(report)}>
            {analysing ? t('common.analysing') : t('common.analyse')}
          </button>
        </div>
        {recordings.length === 0 ? (
          <p className="muted">{t('lib.noRecordings')}</p>
        ) : (
          <table className="table" data-testid="recordings">
            <thead>
              <tr>
                <th>{t('lib.col.name')}</th>
                <th>{t('lib.col.language')}</th>
                <th>{t('lib.col.duration')}</th>
                <th>{t('lib.col.streams')}</th>
                <th>{t('lib.col.offset')}</th>
                <th>{t('lib.col.segments')}</th>
                <th>{t('lib.col.imported')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {recordings.map((r) => (
                <tr key={r.id} data-testid="recording-row" data-recording-id={r.id}>
                  <td title={r.mediaPath}>
                    <RecordingName r={r} />
                  </td>
                  <td>
                    <span className="badge lang" data-testid="recording-language" title={t(`lib.language.${r.language}`)}>
                      {r.language}
                    </span>
                  </td>
                  <td>{formatClock(r.durationMs)}</td>
                  <td>{streams(r)}</td>
                  <td>{t('unit.ms', { n: r.startOffsetMs })}</td>
                  <td>{byRec.get(r.id)?.length ?? 0}</td>
                  <td>{formatDateTime(r.importedAt)}</td>
                  <td className="actions">
                    <button type="button" onClick={() => void openRecording(r.id).catch(report)}>{t('lib.review')}</button>{' '}
                    <button
                      type="button"
                      className="ghost small"
                      data-testid="remove-recording"
                      title={t('lib.removeTitle')}
                      onClick={() => void removeRecording(r, byRec.get(r.id)?.length ?? 0)}
                    >
                      {t('lib.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** The recording's name; ✎ renames it in the workbench (Enter saves, Escape cancels; its files keep their names). */
function RecordingName({ r }: { r: Recording }) {
  const [editing, setEditing] = useState<string | null>(null);
  const save = async () => {
    const name = editing?.trim();
    setEditing(null);
    if (!name || name === r.name) return;
    try {
      await getApi().renameRecording({ recordingId: r.id, name });
      await refreshRecordings();
    } catch (err) {
      report(err);
    }
  };
  if (editing === null) {
    return (
      <>
        <span data-testid="recording-name">{r.name}</span>{' '}
        <button type="button" className="ghost small" data-testid="rename-recording" aria-label={t('lib.renameAria', { name: r.name })} title={t('lib.renameTitle')} onClick={() => setEditing(r.name)}>
          ✎
        </button>
      </>
    );
  }
  return (
    <input
      type="text"
      data-testid="recording-name-input"
      aria-label={t('lib.nameAria')}
      autoFocus
      value={editing}
      onChange={(e) => setEditing(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
        if (e.key === 'Escape') setEditing(null);
      }}
    />
  );
}

/** Asks first: a removal is not an undo step (the segments, features and scores go with it). */
async function removeRecording(r: Recording, segments: number): Promise<void> {
  if (!window.confirm(t('lib.removeConfirm', { name: r.name, count: segments }))) return;
  try {
    await getApi().removeRecording({ recordingId: r.id });
    await loadAll();
  } catch (err) {
    report(err);
  }
}

function streams(r: Recording): string {
  const parts = [];
  if (r.hasVideo) parts.push(t('lib.video', { w: r.width ?? '?', h: r.height ?? '?' }));
  if (r.hasAudio) parts.push(t('lib.audio'));
  return parts.join(' + ') || t('lib.noStreams');
}

function ProbeSummary({ r }: { r: Recording }) {
  return (
    <dl className="probe" data-testid="probe">
      <dt>{t('lib.col.duration')}</dt>
      <dd>{formatClock(r.durationMs, 100)}</dd>
      <dt>{t('lib.col.streams')}</dt>
      <dd>{streams(r)}</dd>
      <dt>{t('lib.col.offset')}</dt>
      <dd>{t('unit.ms', { n: r.startOffsetMs })}</dd>
      <dt>{t('lib.transcript')}</dt>
      <dd>{r.transcriptPath ?? t('lib.speechDetection')}</dd>
    </dl>
  );
}
