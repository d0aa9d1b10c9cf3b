import { useRef, useState } from 'react';
import { describeError } from '../api/transport';
import { getApi, importFiles, loadAll, openRecording, refreshRecordings, report, startJob } from '../state/controller';
import { useStore, type Recording } from '../state/store';
import { formatClock } from '../timeline/viewport';
import { acceptAttribute, MEDIA_EXTENSIONS, TRANSCRIPT_EXTENSIONS } from '../../shared/file-types';
import { Corpus } from './Corpus';

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
      } else setError(`${f.name}: not a recording (mp4, mov, mkv, webm, m4a, wav, mp3) or a transcript (vtt, srt, json, eaf, TextGrid, csv).`);
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
        <h2>Project</h2>
        {project ? (
          <p>
            <strong>{project.name}</strong> <span className="muted">{project.path}</span>
            <br />
            {project.recordings} recordings · {project.segments} segments · {project.labels} labels
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>

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
        <h2>Import a recording</h2>
        <p className="muted">Drop a recording and its transcript here, or choose them.</p>
        <div className="import-grid">
          <label>
            Recording
            <input ref={mediaInput} type="file" data-testid="import-media" accept={acceptAttribute(MEDIA_EXTENSIONS)} onChange={(e) => picked(() => setMedia(e.target.files?.[0] ?? null))} />
          </label>
          <span className="file-name">{media?.name ?? ''}</span>
          <label>
            Transcript (optional)
            <input ref={transcriptInput} type="file" data-testid="import-transcript" accept={acceptAttribute(TRANSCRIPT_EXTENSIONS)} onChange={(e) => picked(() => setTranscript(e.target.files?.[0] ?? null))} />
          </label>
          <span className="file-name">{transcript?.name ?? 'none: speech regions are found automatically'}</span>
        </div>
        <button type="button" className="primary" data-testid="import-button" disabled={!media || busy} onClick={() => void doImport()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        {error && (
          <div className="error-box" data-testid="import-error" role="alert">
            <strong>Import failed.</strong> {error}
            <div className="muted">Nothing was changed in the project.</div>
          </div>
        )}
        {result && (
          <div className="ok-box" data-testid="import-result">
            Imported {result.segments} segments.
            {imported && <ProbeSummary r={imported} />}
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head">
          <h2>Recordings</h2>
          <button type="button" data-testid="analyze-button" title="Extract features where missing and score every segment with the active model" disabled={recordings.length === 0 || analysing} onClick={() => void startJob({ kind: 'analyze', params: {} }).catch(report)}>
            {analysing ? 'Analysing…' : 'Analyse'}
          </button>
        </div>
        {recordings.length === 0 ? (
          <p className="muted">No recordings yet.</p>
        ) : (
          <table className="table" data-testid="recordings">
            <thead>
              <tr>
                <th>Name</th>
                <th>Duration</th>
                <th>Streams</th>
                <th>Start offset</th>
                <th>Segments</th>
                <th>Imported</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {recordings.map((r) => (
                <tr key={r.id} data-testid="recording-row" data-recording-id={r.id}>
                  <td title={r.mediaPath}>
                    <RecordingName r={r} />
                  </td>
                  <td>{formatClock(r.durationMs)}</td>
                  <td>{streams(r)}</td>
                  <td>{r.startOffsetMs} ms</td>
                  <td>{byRec.get(r.id)?.length ?? 0}</td>
                  <td>{new Date(r.importedAt).toLocaleString()}</td>
                  <td className="actions">
                    <button type="button" onClick={() => void openRecording(r.id).catch(report)}>Review</button>{' '}
                    <button
                      type="button"
                      className="ghost small"
                      data-testid="remove-recording"
                      title="Take this recording out of the project: its segments, features and scores go; its files stay on disk and its label events in the history"
                      onClick={() => void removeRecording(r, byRec.get(r.id)?.length ?? 0)}
                    >
                      Remove
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
        <button type="button" className="ghost small" data-testid="rename-recording" aria-label={`Rename ${r.name}`} title="Rename in the workbench" onClick={() => setEditing(r.name)}>
          ✎
        </button>
      </>
    );
  }
  return (
    <input
      type="text"
      data-testid="recording-name-input"
      aria-label="Recording name"
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
  if (!window.confirm(`Remove "${r.name}" from the project? Its ${segments} segments, their features and scores go (labels stay only in the history). The media and transcript files are not deleted. This cannot be undone.`)) return;
  try {
    await getApi().removeRecording({ recordingId: r.id });
    await loadAll();
  } catch (err) {
    report(err);
  }
}

function streams(r: Recording): string {
  const parts = [];
  if (r.hasVideo) parts.push(`video ${r.width ?? '?'}×${r.height ?? '?'}`);
  if (r.hasAudio) parts.push('audio');
  return parts.join(' + ') || 'none';
}

function ProbeSummary({ r }: { r: Recording }) {
  return (
    <dl className="probe" data-testid="probe">
      <dt>Duration</dt>
      <dd>{formatClock(r.durationMs, 100)}</dd>
      <dt>Streams</dt>
      <dd>{streams(r)}</dd>
      <dt>Start offset</dt>
      <dd>{r.startOffsetMs} ms</dd>
      <dt>Transcript</dt>
      <dd>{r.transcriptPath ?? 'none (speech detection)'}</dd>
    </dl>
  );
}
