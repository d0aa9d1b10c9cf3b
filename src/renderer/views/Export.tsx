import { useState } from 'react';
import { EXPORT_FILES, exportFileName } from '../../shared/export-files';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/types';
import { askBeforeOverwrite } from '../api/overwrite';
import { describeError } from '../api/transport';
import { getApi, getTransport } from '../state/controller';
import { useStore } from '../state/store';
import { t } from '../i18n';
import type { ExportAnnotators } from '../../shared/contract';

const FORMATS = EXPORT_FORMATS.map((id) => ({ id, ...EXPORT_FILES[id] }));

export function Export() {
  const project = useStore((s) => s.project);
  const [format, setFormat] = useState<ExportFormat>('eaf');
  const [serverPath, setServerPath] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The model's view: off by default (a label-only export); CSV and JSON can carry it.
  const [withScores, setWithScores] = useState(false);
  // EAF and TextGrid carry them as tiers, CSV and JSON as columns and fields; WebVTT and MMSA cannot.
  const canScore = format === 'csv' || format === 'json' || format === 'eaf' || format === 'textgrid';
  const includeScores = withScores && canScore;
  const [which, setWhich] = useState<ExportAnnotators>('gold');
  const annotators: ExportAnnotators = canScore ? which : 'gold';
  const extra = { ...(includeScores ? { includeScores } : {}), ...(annotators === 'all' ? { annotators } : {}) };
  const spec = EXPORT_FILES[format];
  const defaultName = exportFileName(project?.name ?? 'attune', format);
  const transport = getTransport();

  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const where = await fn();
      if (where) setMessage({ ok: true, text: t('export.done', { format: spec.title, where }) });
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  // Electron: the native save dialog has already asked whether to replace an existing file.
  const exportChosen = () => run(() => transport.saveExport(format, defaultName, (outPath) => getApi().exportLabels({ format, outPath, overwrite: true, ...extra }), { scores: includeScores, annotators }));
  // A path typed for the host (relative: inside the project folder): ask before replacing a file there.
  const exportToPath = () =>
    run(async () => {
      const r = await askBeforeOverwrite((overwrite) => getApi().exportLabels({ format, outPath: serverPath, ...(overwrite ? { overwrite } : {}), ...extra }), (q) => window.confirm(q));
      return r ? t('export.where', { path: r.path, count: r.segments }) : null;
    });

  return (
    <div className="export">
      <section className="card">
        <h2>{t('export.title')}</h2>
        <fieldset className="formats">
          {FORMATS.map((f) => (
            <label key={f.id} className={f.id === format ? 'format on' : 'format'}>
              <input type="radio" name="format" value={f.id} checked={f.id === format} onChange={() => setFormat(f.id)} data-testid={`format-${f.id}`} />
              <strong>{f.title}</strong>
              <span className="muted">{t(`export.note.${f.id}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="export-annotators">
          <label title={canScore ? undefined : t('export.annotators.unsupported')}>
            {t('export.annotators')}{' '}
            <select data-testid="export-annotators" value={annotators} disabled={!canScore} onChange={(e) => setWhich(e.target.value as ExportAnnotators)}>
              <option value="gold">{t('export.annotators.gold')}</option>
              <option value="all">{t('export.annotators.all')}</option>
            </select>
          </label>
          <p className="hint">{canScore ? t('export.annotators.hint') : t('export.annotators.unsupported')}</p>
        </div>
        <label className="export-scores" title={canScore ? undefined : t('export.scoresUnsupported')}>
          <input type="checkbox" data-testid="export-scores" checked={includeScores} disabled={!canScore} onChange={(e) => setWithScores(e.target.checked)} /> {t('export.scores')} {canScore ? '' : t('export.scoresFormats')}
        </label>
        <button type="button" className="primary" data-testid="export-button" disabled={busy} onClick={() => void exportChosen()}>
          {transport.kind === 'electron' ? t('export.exportDialog') : t('export.download', { name: defaultName })}
        </button>
        {transport.kind === 'browser' && (
          <div className="server-path">
            <label>
              {t('export.orHost')}
              <input type="text" data-testid="export-path" placeholder={t('export.pathPlaceholder')} value={serverPath} onChange={(e) => setServerPath(e.target.value)} />
            </label>
            <button type="button" disabled={busy || !serverPath} onClick={() => void exportToPath()}>
              {t('export.write')}
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
