import { useEffect, useState } from 'react';
import type { CorpusSummary } from '../../shared/contract';
import { describeError } from '../api/transport';
import { getApi, openRecording, report } from '../state/controller';
import { useStore } from '../state/store';
import { formatNumber, t } from '../i18n';
import './corpus.css';

/**
 * The Library's corpus view (issue 17), shown once a project had a batch or holds more than a few
 * recordings: how far the batch got (done / failed with the error / pending / imported outside a
 * batch) and two corpus-level figures over the active model's fused score — each recording's
 * sentiment over its relative time, and each speaker's mean with a 95 % interval.
 */
export function Corpus() {
  // Refetched when recordings or scores change (a batch's worker commits arrive as 'changed' events).
  const recordings = useStore((s) => s.recordings);
  const predictions = useStore((s) => s.predictions);
  const [sum, setSum] = useState<CorpusSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getApi()
      .corpusSummary({})
      .then((s) => live && (setSum(s), setError(null)))
      .catch((e) => live && setError(describeError(e)));
    return () => void (live = false);
  }, [recordings, predictions]);

  if (error) return <section className="card error-box" role="alert">{t('corpus.unavailable', { error })}</section>;
  if (!sum?.isCorpus) return null;
  const c = sum.status.counts;
  return (
    <section className="card corpus" data-testid="corpus">
      <h2>{t('corpus.title')}</h2>
      <p data-testid="corpus-counts">
        <strong data-testid="corpus-total">{c.total}</strong> {t('corpus.total')} ·{' '}
        <span className="corpus-done" data-testid="corpus-done">{t('corpus.done', { count: c.done })}</span> ·{' '}
        <span className="corpus-failed" data-testid="corpus-failed">{t('corpus.failed', { count: c.failed })}</span> ·{' '}
        <span data-testid="corpus-pending">{t('corpus.pending', { count: c.pending })}</span> ·{' '}
        <span data-testid="corpus-outside">{t('corpus.outside', { count: c.outside })}</span>
        <span className="muted"> · {t('corpus.activeModel', { model: sum.status.activeModel ?? t('corpus.noModel') })}</span>
      </p>
      <table className="table" data-testid="corpus-table">
        <thead>
          <tr>
            <th>{t('corpus.col.recording')}</th>
            <th>{t('corpus.col.state')}</th>
            <th>{t('corpus.col.model')}</th>
            <th>{t('corpus.col.segments')}</th>
            <th>{t('corpus.col.speakerMap')}</th>
            <th>{t('corpus.col.error')}</th>
          </tr>
        </thead>
        <tbody>
          {sum.status.entries.map((e) => (
            <tr key={`${e.media}|${e.recordingId ?? ''}`} data-testid="corpus-row" data-state={e.state}>
              <td title={e.media}>
                {e.recordingId ? (
                  <button type="button" className="link" onClick={() => void openRecording(e.recordingId!).catch(report)}>
                    {e.name}
                  </button>
                ) : (
                  e.name
                )}
              </td>
              <td className={`corpus-state ${e.state}`}>
                {t(`corpus.state.${e.state}`)}
                {e.state !== 'outside' && e.origin === 'import' ? ` ${t('corpus.importedEarlier')}` : ''}
                {e.state === 'done' && !e.recordingId ? ` ${t('corpus.removed')}` : ''}
              </td>
              <td>{e.modelVersion ?? (e.analysedWith.length ? e.analysedWith.join(', ') : t('corpus.notAnalysed'))}</td>
              <td>{e.segments ?? ''}</td>
              <td>{e.speakerMap ?? ''}</td>
              <td className="corpus-error" data-testid={e.error ? 'corpus-error' : undefined}>{e.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sum.series.length === 0 ? (
        <p className="muted" data-testid="corpus-no-plots">{t('corpus.noPlots')}</p>
      ) : (
        <div className="corpus-plots">
          <SeriesPlot series={sum.series} />
          <SpeakerPlot speakers={sum.speakers} />
        </div>
      )}
    </section>
  );
}

/** Ten distinguishable hues (Tableau 10): a recording's line and its legend entry. */
const HUES = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const LEGEND_MAX = HUES.length;
const SCORE_TICKS = [-3, -2, -1, 0, 1, 2, 3];

function SeriesPlot({ series }: { series: CorpusSummary['series'] }) {
  const w = 560;
  const h = 260;
  const pad = { l: 44, r: 20, t: 12, b: 40 };
  const x = (t: number) => pad.l + t * (w - pad.l - pad.r);
  const y = (v: number) => pad.t + ((3 - Math.max(-3, Math.min(3, v))) / 6) * (h - pad.t - pad.b);
  // Past ten recordings the lines beyond the legend are grey: the shape of the corpus, not each name.
  const colour = (i: number) => (i < LEGEND_MAX ? HUES[i] : '#9ca3af');
  return (
    <figure className="chart" data-testid="corpus-series" style={{ width: w }}>
      <figcaption>
        <strong>{t('corpus.series.title')}</strong>
      </figcaption>
      <svg width={w} height={h} role="img" aria-label={t('corpus.series.aria')}>
        <rect className="plot-bg" x={pad.l} y={pad.t} width={w - pad.l - pad.r} height={h - pad.t - pad.b} />
        {SCORE_TICKS.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={t === 0 ? 0.45 : 0.1} />
            <text x={pad.l - 6} y={y(t) + 3} fontSize={10} textAnchor="end">
              {t > 0 ? `+${t}` : t}
            </text>
          </g>
        ))}
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <text key={t} x={x(t)} y={h - pad.b + 14} fontSize={10} textAnchor="middle">
            {Math.round(t * 100)}%
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.recordingId} data-testid="corpus-series-line" data-recording-id={s.recordingId}>
            <polyline fill="none" stroke={colour(i)} strokeWidth={i < LEGEND_MAX ? 2 : 1} strokeOpacity={i < LEGEND_MAX ? 0.9 : 0.5} points={s.points.map((p) => `${x(p.t)},${y(p.fused)}`).join(' ')} />
            {s.points.length <= 30 && s.points.map((p, j) => <circle key={j} cx={x(p.t)} cy={y(p.fused)} r={2.5} fill={colour(i)} />)}
          </g>
        ))}
        <text x={(pad.l + w - pad.r) / 2} y={h - 6} fontSize={11} textAnchor="middle">
          {t('corpus.series.x')}
        </text>
        <text x={12} y={(pad.t + h - pad.b) / 2} fontSize={11} textAnchor="middle" transform={`rotate(-90 12 ${(pad.t + h - pad.b) / 2})`}>
          {t('corpus.series.y')}
        </text>
      </svg>
      <ul className="legend" data-testid="corpus-series-legend">
        {series.slice(0, LEGEND_MAX).map((s, i) => (
          <li key={s.recordingId}>
            <span className="swatch" style={{ background: HUES[i] }} /> {s.name}
          </li>
        ))}
        {series.length > LEGEND_MAX && <li className="muted">{t('corpus.series.more', { count: series.length - LEGEND_MAX })}</li>}
      </ul>
      <figcaption className="hint">{t('corpus.series.hint')}</figcaption>
    </figure>
  );
}

/** The speakers with the most segments (a long tail of one-segment speakers says little). */
const SPEAKERS_MAX = 20;

function SpeakerPlot({ speakers }: { speakers: CorpusSummary['speakers'] }) {
  const shown = speakers.slice(0, SPEAKERS_MAX);
  const row = 22;
  const w = 460;
  const pad = { l: 130, r: 70, t: 10, b: 40 };
  const h = pad.t + pad.b + row * shown.length;
  const x = (v: number) => pad.l + ((Math.max(-3, Math.min(3, v)) + 3) / 6) * (w - pad.l - pad.r);
  return (
    <figure className="chart" data-testid="corpus-speakers" style={{ width: w }}>
      <figcaption>
        <strong>{t('corpus.speakers.title')}</strong>
      </figcaption>
      <svg width={w} height={h} role="img" aria-label={t('corpus.speakers.aria')}>
        <rect className="plot-bg" x={pad.l} y={pad.t} width={w - pad.l - pad.r} height={h - pad.t - pad.b} />
        {SCORE_TICKS.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={pad.t} y2={h - pad.b} stroke="currentColor" strokeOpacity={t === 0 ? 0.45 : 0.1} />
            <text x={x(t)} y={h - pad.b + 14} fontSize={10} textAnchor="middle">
              {t > 0 ? `+${t}` : t}
            </text>
          </g>
        ))}
        {shown.map((s, i) => {
          const cy = pad.t + row * i + row / 2;
          const name = s.speaker ?? t('corpus.speakers.none');
          const tip = { name, mean: formatNumber(s.mean, 2), segments: s.segments, recordings: s.recordings };
          return (
            <g key={name} data-testid="corpus-speaker" data-speaker={name}>
              <text x={pad.l - 8} y={cy + 4} fontSize={11} textAnchor="end">
                {name.length > 18 ? `${name.slice(0, 17)}…` : name}
              </text>
              {s.ci95 && <line x1={x(s.ci95[0])} x2={x(s.ci95[1])} y1={cy} y2={cy} stroke="#4e79a7" strokeWidth={2} />}
              {s.ci95 && [s.ci95[0], s.ci95[1]].map((v, j) => <line key={j} x1={x(v)} x2={x(v)} y1={cy - 5} y2={cy + 5} stroke="#4e79a7" strokeWidth={2} />)}
              <circle cx={x(s.mean)} cy={cy} r={4} fill="#4e79a7">
                <title>{s.ci95 ? t('corpus.speakers.tipCi', { ...tip, lo: formatNumber(s.ci95[0], 2), hi: formatNumber(s.ci95[1], 2) }) : t('corpus.speakers.tip', tip)}</title>
              </circle>
              <text x={w - pad.r + 6} y={cy + 4} fontSize={10} className="muted">
                n={s.segments}
              </text>
            </g>
          );
        })}
        <text x={(pad.l + w - pad.r) / 2} y={h - 6} fontSize={11} textAnchor="middle">
          {t('corpus.speakers.x')}
        </text>
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch dot" style={{ background: '#4e79a7' }} /> {t('corpus.speakers.mean')}
        </li>
        <li>
          <span className="swatch bar" style={{ background: '#4e79a7' }} /> {t('corpus.speakers.ci')}
        </li>
        {speakers.length > SPEAKERS_MAX && <li className="muted">{t('corpus.speakers.hidden', { count: speakers.length - SPEAKERS_MAX })}</li>}
      </ul>
      <figcaption className="hint">{t('corpus.speakers.hint')}</figcaption>
    </figure>
  );
}
