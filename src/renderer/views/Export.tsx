import { useState } from 'react';
import type { ExportFormat } from '../../shared/types';
import { askBeforeOverwrite } from '../api/overwrite';
import { describeError } from '../api/transport';
import { getApi, getTransport } from '../state/controller';
import { useStore } from '../state/store';

const FORMATS: { id: ExportFormat; title: string; ext: string; note: string }[] = [
  { id: 'csv', title: 'CSV', ext: 'csv', note: 'start, end (integer ms), speaker, text, label' },
  { id: 'json', title: 'JSON', ext: 'json', note: 'segments with labels and notes' },
  { id: 'eaf', title: 'ELAN EAF', ext: 'eaf', note: 'one tier per speaker plus a label tier; opens in ELAN' },
  { id: 'textgrid', title: 'Praat TextGrid', ext: 'TextGrid', note: 'interval tiers; opens in Praat' },
  { id: 'vtt', title: 'WebVTT', ext: 'vtt', note: 'cues with <v Speaker>' },
  { id: 'mmsa', title: 'MMSA label.csv', ext: 'csv', note: 'video_id, clip_id, text, label, label_T/A/V, annotation, mode' },
];

export function Export() {
  const project = useStore((s) => s.project);
  const [format, setFormat] = useState<ExportFormat>('eaf');
  const [serverPath, setServerPath] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const spec = FORMATS.find((f) => f.id === format)!;
  const defaultName = `${project?.name ?? 'attune'}-labels.${spec.ext}`;
  const transport = getTransport();

  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const where = await fn();
      if (where) setMessage({ ok: true, text: `Exported ${spec.title} to ${where}.` });
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  // Electron: the native save dialog has already asked whether to replace an existing file.
  const exportChosen = () => run(() => transport.saveExport(format, defaultName, (outPath) => getApi().exportLabels({ format, outPath, overwrite: true })));
  // A path typed for the host (relative: inside the project folder): ask before replacing a file there.
  const exportToPath = () =>
    run(async () => {
      const r = await askBeforeOverwrite((overwrite) => getApi().exportLabels({ format, outPath: serverPath, ...(overwrite ? { overwrite } : {}) }), (q) => window.confirm(q));
      return r ? `${r.path} (${r.segments} segments)` : null;
    });

  return (
    <div className="export">
      <section className="card">
        <h2>Export labels and segments</h2>
        <fieldset className="formats">
          {FORMATS.map((f) => (
            <label key={f.id} className={f.id === format ? 'format on' : 'format'}>
              <input type="radio" name="format" value={f.id} checked={f.id === format} onChange={() => setFormat(f.id)} data-testid={`format-${f.id}`} />
              <strong>{f.title}</strong>
              <span className="muted">{f.note}</span>
            </label>
          ))}
        </fieldset>
        <button type="button" className="primary" data-testid="export-button" disabled={busy} onClick={() => void exportChosen()}>
          {transport.kind === 'electron' ? 'Export…' : `Download ${defaultName}`}
        </button>
        {transport.kind === 'browser' && (
          <div className="server-path">
            <label>
              or write it on the host at
              <input type="text" data-testid="export-path" placeholder="/path/on/the/host/labels.eaf (relative: in the project folder)" value={serverPath} onChange={(e) => setServerPath(e.target.value)} />
            </label>
            <button type="button" disabled={busy || !serverPath} onClick={() => void exportToPath()}>
              Write
            </button>
          </div>
        )}
        {message && (
          <div className={message.ok ? 'ok-box' : 'error-box'} data-testid="export-result" role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
      </section>
    </div>
  );
}
