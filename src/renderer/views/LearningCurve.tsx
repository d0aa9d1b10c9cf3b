import type { Res } from '../../shared/contract';
import { t } from '../i18n';

type Curve = NonNullable<NonNullable<Res<'tuneReport'>>['curve']>;
type Stat = Curve['untuned'];

/** Round tick values covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

interface PanelProps {
  title: string;
  metric: 'mae' | 'corr';
  curve: Curve;
  maxN: number;
}

const W = 330;
const H = 210;
const M = { l: 44, r: 12, t: 12, b: 36 };

function seOf(s: Stat, metric: 'mae' | 'corr'): number | null {
  return metric === 'mae' ? s.maeSe : s.corrSe;
}

/** One metric against n: tuned points with a ±1 SE band, the untuned version as a dashed line. */
function Panel({ title, metric, curve, maxN }: PanelProps) {
  const pts = curve.points.filter((p) => p[metric] !== null);
  const base = curve.untuned[metric];
  const baseSe = seOf(curve.untuned, metric);
  const vals: number[] = [];
  for (const p of pts) {
    const v = p[metric] as number;
    const se = seOf(p, metric) ?? 0;
    vals.push(v - se, v + se);
  }
  if (base !== null) vals.push(base - (baseSe ?? 0), base + (baseSe ?? 0));
  let lo = vals.length ? Math.min(...vals) : 0;
  let hi = vals.length ? Math.max(...vals) : 1;
  if (metric === 'corr') {
    lo = Math.max(-1, lo);
    hi = Math.min(1, hi);
  } else lo = Math.max(0, lo);
  if (hi - lo < 0.1) {
    const mid = (hi + lo) / 2;
    lo = mid - 0.05;
    hi = mid + 0.05;
  }
  const padY = (hi - lo) * 0.08;
  lo -= padY;
  hi += padY;
  const x = (n: number) => M.l + (n / Math.max(1, maxN)) * (W - M.l - M.r);
  const y = (v: number) => M.t + (1 - (v - lo) / (hi - lo)) * (H - M.t - M.b);
  const yTicks = niceTicks(lo, hi, 4);
  const xTicks = [0, ...curve.points.map((p) => p.n)];
  const band = pts.filter((p) => seOf(p, metric) !== null);
  const bandPath =
    band.length > 1
      ? [...band.map((p) => `${x(p.n).toFixed(1)},${y((p[metric] as number) + (seOf(p, metric) as number)).toFixed(1)}`), ...[...band].reverse().map((p) => `${x(p.n).toFixed(1)},${y((p[metric] as number) - (seOf(p, metric) as number)).toFixed(1)}`)].join(' ')
      : null;
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('lc.aria', { title })} data-testid={`learning-curve-${metric}`}>
      <rect x={M.l} y={M.t} width={W - M.l - M.r} height={H - M.t - M.b} className="plot-bg" />
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis zero' : 'axis'} />
          <text x={M.l - 5} y={y(v) + 3} className="tick" textAnchor="end">
            {v.toFixed(2)}
          </text>
        </g>
      ))}
      {xTicks.map((n) => (
        <text key={`x${n}`} x={x(n)} y={H - M.b + 13} className="tick" textAnchor="middle">
          {n}
        </text>
      ))}
      <text x={(M.l + W - M.r) / 2} y={H - 6} className="axis-title" textAnchor="middle">
        {t('lc.xAxis')}
      </text>
      <text x={12} y={(M.t + H - M.b) / 2} className="axis-title" textAnchor="middle" transform={`rotate(-90 12 ${(M.t + H - M.b) / 2})`}>
        {title}
      </text>
      {base !== null && (
        <g className="lc-untuned">
          {baseSe !== null && <rect x={M.l} width={W - M.l - M.r} y={y(base + baseSe)} height={Math.max(0.5, y(base - baseSe) - y(base + baseSe))} className="lc-band untuned" />}
          <line x1={M.l} x2={W - M.r} y1={y(base)} y2={y(base)} className="lc-line untuned" />
        </g>
      )}
      {pts.length === 0 && base === null && (
        <text x={(M.l + W - M.r) / 2} y={(M.t + H - M.b) / 2} className="tick" textAnchor="middle" data-testid="learning-curve-undefined">
          {t('lc.undefined')}
        </text>
      )}
      {bandPath && <polygon points={bandPath} className="lc-band tuned" />}
      {pts.length > 1 && <polyline fill="none" className="lc-line tuned" points={pts.map((p) => `${x(p.n).toFixed(1)},${y(p[metric] as number).toFixed(1)}`).join(' ')} />}
      {pts.map((p) => {
        const v = p[metric] as number;
        const se = seOf(p, metric);
        return (
          <g key={p.n} data-testid="learning-curve-point" data-n={p.n} data-value={v}>
            {se !== null && <line x1={x(p.n)} x2={x(p.n)} y1={y(v + se)} y2={y(v - se)} className="lc-err" />}
            <circle cx={x(p.n)} cy={y(v)} r={3.5} className="lc-dot" />
            <title>{`n = ${p.n}: ${title} ${v.toFixed(3)}${se === null ? '' : ` ± ${se.toFixed(3)}`} ${t('lc.pointFolds', { labels: p.trainLabels.join(', ') })}`}</title>
          </g>
        );
      })}
    </svg>
  );
}

/** The project's learning curve: MAE and Corr of the k-fold estimate against the number of labels. */
export function LearningCurveView({ curve, labelled, parent }: { curve: Curve; labelled: number; parent: string | null }) {
  const maxN = Math.max(labelled, ...curve.points.map((p) => p.n));
  return (
    <figure className="learning-curve" data-testid="learning-curve">
      <div className="lc-legend">
        <span className="lc-key tuned" /> {t('lc.tuned')} · <span className="lc-key untuned" /> {parent ? <code>{parent}</code> : t('lc.startingVersion')} {t('lc.untuned')} · {t('lc.shaded')}
      </div>
      <div className="lc-panels">
        <Panel title={t('lc.mae')} metric="mae" curve={curve} maxN={maxN} />
        <Panel title={t('lc.corr')} metric="corr" curve={curve} maxN={maxN} />
      </div>
      <figcaption className="muted" data-testid="learning-curve-caption">
        {t('lc.caption', { folds: curve.folds })} <span data-i18n="backend">{curve.method}</span>.
      </figcaption>
    </figure>
  );
}
