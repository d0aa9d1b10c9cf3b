import { useEffect, useState } from 'react';
import { TUNE_DEFAULTS } from '../../shared/tune-defaults';
import { CURVE_MIN_LABELS, type Res } from '../../shared/contract';
import { getApi, refreshModels, refreshPredictions, report, startJob } from '../state/controller';
import { useStore, type ModelVersion } from '../state/store';
import { scoreColor } from '../timeline/colors';
import { LearningCurveView } from './LearningCurve';
import { metricName, metricTitle } from './metric-names';
import { formatDateTime, t, type Key } from '../i18n';
import { jobState } from './JobsBar';

type Comparison = Res<'compareModels'>;
type Report = NonNullable<Res<'tuneReport'>>;

/** Metrics shown first, in MMSA's order; anything else a version reports follows. */
const PREFERRED = ['labelled', 'after_mae', 'before_mae', 'after_corr', 'before_corr', 'after_acc2', 'before_acc2', 'mae', 'corr', 'acc7', 'acc5', 'acc2_has0', 'acc2_non0', 'f1_has0', 'f1_non0', 'has0_acc2', 'non0_acc2', 'has0_f1', 'non0_f1'];
const MAX_COLUMNS = 8;

export function Tune() {
  const models = useStore((s) => s.models);
  const jobs = useStore((s) => s.jobs);
  const labels = useStore((s) => s.labels.size);
  const [picked, setPicked] = useState<string[]>([]);
  const [ulgm, setUlgm] = useState<boolean>(TUNE_DEFAULTS.ulgm);
  const [cpc, setCpc] = useState<boolean>(TUNE_DEFAULTS.cpc);
  const [always, setAlways] = useState(false);
  const [curveOn, setCurveOn] = useState(true);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  // The latest tuning's report, as stored with the version it made: shown after a reload too.
  const [latest, setLatest] = useState<Report | null | undefined>(undefined);

  const tuning = [...jobs.values()].find((j) => j.kind === 'tune' && (j.state === 'running' || j.state === 'queued'));
  const lastTune = tuning ?? [...jobs.values()].filter((j) => j.kind === 'tune').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  const curve = useStore((s) => (lastTune ? s.lossCurves.get(lastTune.id) : undefined));
  const allKeys = orderMetrics(models);
  const metricKeys = allKeys.slice(0, MAX_COLUMNS);

  useEffect(() => {
    if (picked.length !== 2) {
      setComparison(null);
      return;
    }
    let live = true;
    getApi()
      .compareModels({ a: picked[0], b: picked[1] })
      .then((c) => live && setComparison(c))
      .catch(report);
    return () => {
      live = false;
    };
  }, [picked]);

  const lastDone = lastTune?.state === 'done' ? lastTune.id : null;
  useEffect(() => {
    let live = true;
    getApi()
      .tuneReport({})
      .then((r) => live && setLatest(r))
      .catch(report);
    return () => {
      live = false;
    };
    // Models change when a tuning stores a version or one is activated; a finished tune job too.
  }, [models, lastDone]);

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));

  const activate = async (id: string) => {
    try {
      await getApi().activateModel({ versionId: id });
      await Promise.all([refreshModels(), refreshPredictions()]);
    } catch (err) {
      report(err);
    }
  };

  return (
    <div className="tune">
      <section className="card">
        <div className="card-head">
          <h2>{t('tune.title')}</h2>
          <button type="button" className="primary" data-testid="tune-button" disabled={!!tuning || labels < 3} title={labels < 3 ? t('tune.needLabels', { count: labels }) : undefined} onClick={() => void startJob({ kind: 'tune', params: { ulgm, cpc, curve: curveOn, activate: always ? 'always' : 'if-better' } })}>
            {tuning ? t('tune.tuning') : t('tune.button')}
          </button>
        </div>
        <p className="muted">
          {t('tune.intro', { count: labels })}
        </p>
        <details className="tune-advanced" data-testid="tune-advanced">
          <summary>{t('tune.advanced')}</summary>
          <label>
            <input type="checkbox" data-testid="tune-ulgm" checked={ulgm} onChange={(e) => setUlgm(e.target.checked)} /> {t('tune.ulgm')}
          </label>
          <label>
            <input type="checkbox" data-testid="tune-cpc" checked={cpc} onChange={(e) => setCpc(e.target.checked)} /> {t('tune.cpc')}
          </label>
          <label>
            <input type="checkbox" data-testid="tune-always" checked={always} onChange={(e) => setAlways(e.target.checked)} /> {t('tune.always')}
          </label>
          <label>
            <input type="checkbox" data-testid="tune-curve" checked={curveOn} onChange={(e) => setCurveOn(e.target.checked)} /> {t('tune.curve', { min: CURVE_MIN_LABELS })}
          </label>
        </details>
        {lastTune && curve && curve.length > 1 && <LossCurve points={curve} state={lastTune.state} />}
        <ActiveLine models={models} report={latest ?? null} />
        {latest && <TuneOutcome r={latest} onActivate={activate} />}
        {latest !== undefined && <CurveSection report={latest} labels={labels} />}
      </section>

      <section className="card">
        <h2>{t('tune.versions')}</h2>
        {models.length === 0 ? (
          <p className="muted">{t('tune.noVersions')}</p>
        ) : (
          <table className="table" data-testid="model-versions">
            <thead>
              <tr>
                <th title={t('tune.compareTitle')}>{t('tune.compare')}</th>
                <th>{t('tune.version')}</th>
                <th>{t('tune.created')}</th>
                <th>{t('tune.source')}</th>
                {metricKeys.map((k) => (
                  <th key={k} data-testid="metric-head" title={metricTitle(k)}>
                    {metricName(k)}
                  </th>
                ))}
                {allKeys.length > MAX_COLUMNS && <th>{t('tune.moreHead')}</th>}
                <th />
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} data-testid="model-version" data-version-id={m.id} className={m.active ? 'active' : undefined}>
                  <td>
                    <input type="checkbox" aria-label={t('tune.compareAria', { id: m.id })} checked={picked.includes(m.id)} onChange={() => toggle(m.id)} />
                  </td>
                  <td>
                    <code>{m.id}</code> {m.active && <span className="badge">{t('tune.active')}</span>}
                  </td>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td className="source" title={m.source}>{m.source}</td>
                  {metricKeys.map((k) => (
                    <td key={k} className="num">{fmtMetric(m.metrics[k])}</td>
                  ))}
                  {allKeys.length > MAX_COLUMNS && (
                    <td className="muted" title={Object.entries(m.metrics).filter(([k]) => !metricKeys.includes(k)).map(([k, v]) => `${metricName(k)}: ${fmtMetric(v)}`).join('\n')}>
                      {t('tune.more', { count: Object.keys(m.metrics).filter((k) => !metricKeys.includes(k)).length })}
                    </td>
                  )}
                  <td>
                    {!m.active && (
                      <button type="button" data-testid="activate-button" onClick={() => void activate(m.id)}>
                        {t('tune.activate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {picked.length === 2 && (
        <section className="card" data-testid="compare">
          <h2>
            <code>{picked[0]}</code> {t('tune.vs')} <code>{picked[1]}</code>
          </h2>
          {comparison ? <CompareView c={comparison} /> : <p className="muted">{t('tune.comparing')}</p>}
        </section>
      )}
    </div>
  );
}

/** Which version is active and why: the verdict of the tuning that made it, or why the shipped one still is. */
function ActiveLine({ models, report }: { models: ModelVersion[]; report: Report | null }) {
  const active = models.find((m) => m.active);
  if (!active) return null;
  const why = report && report.active.versionId === active.id ? report.active.why : active.parent === null ? t('tune.shipped') : active.source;
  return (
    <p className="tune-active" data-testid="tune-active" data-version-id={active.id}>
      <strong>{t('tune.activeVersion')} </strong>
      <code>{active.id}</code> — <span data-i18n="backend">{why}</span>.
    </p>
  );
}

function CurveSection({ report, labels }: { report: Report | null; labels: number }) {
  if (report?.curve) return <LearningCurveView curve={report.curve} labelled={report.labelled} parent={report.parent} />;
  const note = report?.curveNote ?? t('tune.noCurve', { min: CURVE_MIN_LABELS });
  const more = labels < CURVE_MIN_LABELS ? ` ${t('tune.curveMore', { count: labels, more: CURVE_MIN_LABELS - labels })}` : report && report.labelled < CURVE_MIN_LABELS ? ` ${t('tune.curveAgain', { count: labels })}` : '';
  return (
    <p className="muted learning-curve-note" data-testid="learning-curve-note">
      {/* The backend's note is English (core words it); this view's own is the catalogue's. */}
      <span data-i18n={report?.curveNote ? 'backend' : undefined}>{note.charAt(0).toUpperCase() + note.slice(1)}</span>.{more}
    </p>
  );
}

/** Estimate metrics in plain words; lower is better only for MAE. */
const ESTIMATE_ROWS: { key: keyof Report['estimate']['before']; name: Key; lowerIsBetter: boolean }[] = [
  { key: 'mae', name: 'tune.est.mae', lowerIsBetter: true },
  { key: 'corr', name: 'tune.est.corr', lowerIsBetter: false },
  { key: 'acc2', name: 'tune.est.acc2', lowerIsBetter: false },
  { key: 'acc7', name: 'tune.est.acc7', lowerIsBetter: false },
];

function TuneOutcome({ r, onActivate }: { r: Report; onActivate: (id: string) => Promise<void> }) {
  const activated = r.decision.activated;
  return (
    <div className={`tune-outcome ${activated ? 'ok' : 'kept'}`} data-testid="tune-outcome" data-activated={activated} data-version-id={r.versionId} data-better={r.decision.better}>
      <p data-testid="tune-verdict">
        {activated ? (
          <>
            <strong>{t('tune.activeShort')} </strong>
            <code>{r.versionId}</code> — {r.decision.better ? t('tune.asGood') : t('tune.activatedAnyway')}.
          </>
        ) : (
          <>
            <strong>{t('tune.notBetter')}</strong> {t('tune.kept', { version: r.versionId, parent: r.parent ?? '' })}{' '}
            {r.active.versionId !== r.versionId && (
              <button type="button" data-testid="activate-anyway" onClick={() => void onActivate(r.versionId)}>
                {t('tune.activateAnyway')}
              </button>
            )}
          </>
        )}
      </p>
      <p className="muted">
        <span data-i18n="backend">{r.decision.reason}</span>. {t('tune.rule')} <span data-i18n="backend">{r.decision.rule}</span>. <span data-i18n="backend">{r.plan.why}</span>; ULGM {r.plan.ulgm ? t('tune.on') : t('tune.off')}, InfoNCE {r.plan.cpc ? t('tune.on') : t('tune.off')}.
      </p>
      <table className="table metrics" data-testid="tune-estimate">
        <caption className="muted">
          {t('tune.estCaption', { folds: r.estimate.folds, count: r.labelled })}
        </caption>
        <thead>
          <tr>
            <th>{t('tune.metric')}</th>
            <th>{t('tune.before')}</th>
            <th>{t('tune.after')}</th>
            <th>Δ</th>
          </tr>
        </thead>
        <tbody>
          {ESTIMATE_ROWS.map((m) => {
            const a = r.estimate.before[m.key] ?? NaN;
            const b = r.estimate.after[m.key] ?? NaN;
            const d = Number.isFinite(a) && Number.isFinite(b) ? b - a : NaN;
            const good = Number.isFinite(d) && d !== 0 ? (m.lowerIsBetter ? d < 0 : d > 0) : null;
            return (
              <tr key={m.key}>
                <td>{t(m.name)}</td>
                <td className="num">{fmtMetric(a)}</td>
                <td className="num">{fmtMetric(b)}</td>
                <td className={`num delta ${good === null ? '' : good ? 'better' : 'worse'}`} data-testid={`delta-${m.key}`}>
                  {Number.isFinite(d) ? `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(3)}` : t('tune.na')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function orderMetrics(models: ModelVersion[]): string[] {
  const keys = new Set<string>();
  for (const m of models) for (const k of Object.keys(m.metrics)) keys.add(k);
  const first = PREFERRED.filter((k) => keys.has(k));
  // Then the quality metrics (fused before the heads, in MMSA's order), then counts and settings.
  const rest = [...keys].filter((k) => !first.includes(k));
  const rank = (k: string) => {
    const parts = k.split('.');
    const m = PREFERRED.indexOf(parts[parts.length - 1]);
    if (m < 0 || parts[parts.length - 1] === 'labelled') return 1e6;
    return (parts.includes('fused') ? 0 : 1000) + m;
  };
  rest.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [...first, ...rest];
}

function fmtMetric(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

function CompareView({ c }: { c: Comparison }) {
  const keys = orderMetrics([c.a, c.b]);
  const size = 320;
  const pad = 30;
  const scale = (v: number) => pad + ((Math.max(-3, Math.min(3, v)) + 3) / 6) * (size - 2 * pad);
  const changed = c.points.filter((p) => Math.abs(p.a - p.b) > 1e-6).length;
  return (
    <div className="compare">
      <figure>
        <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} data-testid="compare-scatter" role="img" aria-label={t('tune.scatterAria')}>
          <rect x={pad} y={pad} width={size - 2 * pad} height={size - 2 * pad} className="plot-bg" />
          {[-3, -2, -1, 0, 1, 2, 3].map((v) => (
            <g key={v}>
              <line x1={scale(v)} x2={scale(v)} y1={pad} y2={size - pad} className={v === 0 ? 'axis zero' : 'axis'} />
              <line y1={size - scale(v)} y2={size - scale(v)} x1={pad} x2={size - pad} className={v === 0 ? 'axis zero' : 'axis'} />
              <text x={scale(v)} y={size - pad + 14} className="tick" textAnchor="middle">{v}</text>
              <text x={pad - 6} y={size - scale(v) + 4} className="tick" textAnchor="end">{v}</text>
            </g>
          ))}
          <line x1={scale(-3)} y1={size - scale(-3)} x2={scale(3)} y2={size - scale(3)} className="diag" />
          <text x={size - pad} y={size - 2} className="axis-title" textAnchor="end">{c.a.id} →</text>
          <text x={4} y={pad - 10} className="axis-title">↑ {c.b.id}</text>
          {c.points.map((p) => (
            <circle key={p.segmentId} cx={scale(p.a)} cy={size - scale(p.b)} r={p.label === null ? 3.5 : 5} fill={p.label === null ? undefined : scoreColor(p.label)} fillOpacity={p.label === null ? 0.5 : 0.95} className={p.label === null ? 'dot-unlabelled' : 'dot-labelled'}>
              <title>{`${p.segmentId}: ${p.a.toFixed(2)} → ${p.b.toFixed(2)}${p.label === null ? '' : ` ${t('tune.dotLabel', { label: p.label })}`}`}</title>
            </circle>
          ))}
        </svg>
        <figcaption className="muted">
          {t('tune.scatterCaption1')} x = <code>{c.a.id}</code>, y = <code>{c.b.id}</code>. {t('tune.scatterCaption2', { changed, count: c.points.length })}
        </figcaption>
      </figure>
      <table className="table metrics" data-testid="compare-metrics">
        <thead>
          <tr>
            <th>{t('tune.metric')}</th>
            <th>{c.a.id}</th>
            <th>{c.b.id}</th>
            <th>Δ</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const a = c.a.metrics[k];
            const b = c.b.metrics[k];
            return (
              <tr key={k}>
                <td title={metricTitle(k)}>{metricName(k)}</td>
                <td className="num">{fmtMetric(a)}</td>
                <td className="num">{fmtMetric(b)}</td>
                <td className="num">{a !== undefined && b !== undefined ? fmtMetric(b - a) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Training loss as reported, one polyline per stage (each fold restarts the curve). */
function LossCurve({ points, state }: { points: { stage: string; loss: number }[]; state: string }) {
  const w = 520;
  const h = 120;
  const pad = 6;
  const max = Math.max(...points.map((p) => p.loss));
  const min = Math.min(...points.map((p) => p.loss));
  const y = (v: number) => pad + (1 - (v - min) / Math.max(1e-9, max - min)) * (h - 2 * pad);
  const x = (i: number) => pad + (i / Math.max(1, points.length - 1)) * (w - 2 * pad);
  const stages = [...new Set(points.map((p) => p.stage))];
  return (
    <figure className="loss-curve" data-testid="loss-curve">
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={t('tune.lossAria')}>
        <rect x={0} y={0} width={w} height={h} className="plot-bg" />
        {stages.map((st) => (
          <polyline
            key={st}
            fill="none"
            className={st === 'tune' ? 'loss final' : 'loss'}
            points={points.map((p, i) => (p.stage === st ? `${x(i).toFixed(1)},${y(p.loss).toFixed(1)}` : null)).filter(Boolean).join(' ')}
          />
        ))}
      </svg>
      <figcaption className="muted">
        {t('tune.lossCaption', { loss: points[points.length - 1].loss.toFixed(4), min: min.toFixed(3), max: max.toFixed(3) })} · {stages.length > 1 ? t('tune.kfoldThenFinal') : stages[0]} · {jobState(state)}
      </figcaption>
    </figure>
  );
}
