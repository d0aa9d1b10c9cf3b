import { useRef, useState } from 'react';
import { AnnotatorName } from '../../shared/contract/annotators';
import { labelFormatOfFile } from '../../shared/export-files';
import { describeError } from '../api/transport';
import { t } from '../i18n';
import { importLabelFile } from '../state/controller';
import { useStore } from '../state/store';

/**
 * "Import labels…": another annotator's labels made elsewhere (an Attune CSV/JSON export, an
 * EAF/TextGrid/WebVTT file of numbers), as `attune import-labels` does, in either host. Times refer
 * to the recording under review; `from` picks one set of a file with several (sentiment:NAME).
 */
export function ImportLabels() {
  const recording = useStore((s) => s.recordings.find((r) => r.id === s.recordingId)?.name ?? null);
  const [annotator, setAnnotator] = useState('');
  const [from, setFrom] = useState('');
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const name = AnnotatorName.safeParse(annotator);

  const run = async (file: File) => {
    const format = labelFormatOfFile(file.name);
    if (!format) return setResult({ ok: false, text: t('importLabels.unknownFormat', { name: file.name }) });
    setBusy(true);
    setResult(null);
    try {
      const r = await importLabelFile(file, { format, annotator: name.success ? name.data : annotator, ...(from.trim() ? { from: from.trim() } : {}), ...(partial ? { partial } : {}) });
      const left = r.unmatched.length ? ` ${t('importLabels.unmatched', { count: r.unmatched.length, first: r.unmatched[0] })}` : '';
      setResult({ ok: true, text: t('importLabels.done', { count: r.imported, annotator: r.annotator, name: file.name }) + left });
    } catch (err) {
      setResult({ ok: false, text: describeError(err) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section className="card" data-testid="import-labels">
      <h3>{t('importLabels.title')}</h3>
      <p className="hint">{t('importLabels.hint', { recording: recording ?? '—' })}</p>
      <div className="import-labels-form">
        <label>
          {t('importLabels.as')}{' '}
          <input data-testid="import-labels-annotator" value={annotator} size={12} placeholder={t('importLabels.asPlaceholder')} onChange={(e) => setAnnotator(e.target.value)} />
        </label>{' '}
        <label title={t('importLabels.fromTitle')}>
          {t('importLabels.from')}{' '}
          <input data-testid="import-labels-from" value={from} size={14} placeholder="sentiment:NAME" onChange={(e) => setFrom(e.target.value)} />
        </label>{' '}
        <label>
          <input type="checkbox" data-testid="import-labels-partial" checked={partial} onChange={(e) => setPartial(e.target.checked)} /> {t('importLabels.partial')}
        </label>{' '}
        <input ref={input} type="file" hidden data-testid="import-labels-file" accept=".csv,.json,.eaf,.TextGrid,.textgrid,.vtt" onChange={(e) => e.target.files?.[0] && void run(e.target.files[0])} />
        <button type="button" data-testid="import-labels-button" disabled={busy || !name.success} title={name.success ? undefined : t('importLabels.needName')} onClick={() => input.current?.click()}>
          {busy ? t('importLabels.busy') : t('importLabels.button')}
        </button>
      </div>
      {result && (
        <div className={result.ok ? 'ok-box' : 'error-box'} data-testid="import-labels-result" role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </div>
      )}
    </section>
  );
}
