import { useEffect, useState } from 'react';
import { goldRuleFromText, goldRuleText, type GoldRule, type Res } from '../../shared/contract';
import { describeError } from '../api/transport';
import { actions, type KeyLike } from '../actions/registry';
import { t, type Key } from '../i18n';
import { actionLabel } from './KeyboardSheet';
import { getApi, navigate, report } from '../state/controller';
import { select } from '../state/navigation';
import { ImportLabels } from './ImportLabels';
import { findSegment, useStore } from '../state/store';

type Report = Res<'agreement'>;
type Pair = Report['pairs'][number];

const FIGURES: { key: keyof Pair['ci95']; title: Key; hint: Key }[] = [
  { key: 'alpha', title: 'ag.alpha', hint: 'ag.alphaHint' },
  { key: 'ccc', title: 'ag.ccc', hint: 'ag.cccHint' },
  { key: 'pearson', title: 'ag.pearson', hint: 'ag.pearsonHint' },
  { key: 'kappa', title: 'ag.kappa', hint: 'ag.kappaHint' },
  { key: 'mae', title: 'ag.mae', hint: 'ag.maeHint' },
];

const NO_KEY: KeyLike = { key: '', code: '', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false };

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** Several analysts: how far they agree (per pair, with 95 % intervals), where they disagree, and which label counts. */
export function Agreement() {
  const labels = useStore((s) => s.labels);
  const blind = useStore((s) => s.blind);
  const [report, setReport] = useState<Report | null>(null);
  const [rule, setRule] = useState<GoldRule>({ kind: 'latest' });
  const [pair, setPair] = useState(0);
  const [points, setPoints] = useState<[number, number][]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([getApi().agreement({}), getApi().goldRule({})])
      .then(([r, g]) => live && (setReport(r), setRule(g), setError(null)))
      .catch((e) => live && setError(describeError(e)));
    return () => void (live = false);
  }, [labels]);

  const current = report?.pairs[pair] ?? null;
  useEffect(() => {
    if (!current) return setPoints([]);
    let live = true;
    Promise.all([getApi().listLabels({ annotator: current.a }), getApi().listLabels({ annotator: current.b })]).then(([a, b]) => {
      const bs = new Map(b.map((l) => [l.segmentId, l.score]));
      if (live) setPoints(a.filter((l) => bs.has(l.segmentId)).map((l) => [l.score, bs.get(l.segmentId)!]));
    }, (e) => live && setError(describeError(e)));
    return () => void (live = false);
  }, [current?.a, current?.b, labels]);

  const changeRule = (t: string) =>
    getApi()
      .setGoldRule({ rule: goldRuleFromText(t) ?? { kind: 'latest' } })
      .then(setRule, (e) => setError(describeError(e)));
  // Only the segments: a selector of the whole store would redraw this view on every change of state.
  const segmentsByRecording = useStore((s) => s.segmentsByRecording);
  const textOf = (id: string) => findSegment({ segmentsByRecording }, id)?.text ?? id;

  return (
    <div className="agreement" data-testid="agreement-view">
      {error && <div className="banner error">{error}</div>}
      <section className="card">
        <div className="card-head">
          <h2>{t('ag.title')}</h2>
          <label>
            {t('ag.goldRule')}{' '}
            <select data-testid="gold-rule" value={goldRuleText(rule)} onChange={(e) => void changeRule(e.target.value)}>
              <option value="latest">{t('ag.rule.latest')}</option>
              <option value="mean">{t('ag.rule.mean')}</option>
              <option value="median">{t('ag.rule.median')}</option>
              {(report?.annotators ?? []).map((a) => (
                <option key={a} value={`annotator:${a}`}>
                  {t('ag.rule.annotator', { name: a })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <BlindToggle blind={blind} />
        {blind ? (
          // The figures, the scatter and the disputed list all show how the others scored.
          <p data-testid="agreement-blind">{t('blind.hidden')}</p>
        ) : !report || report.annotators.length < 2 ? (
          <p data-testid="agreement-empty">{t('ag.empty', { count: report?.annotators.length ?? 0 })}</p>
        ) : (
          <>
            <p>
              {t('ag.summary', { count: report.annotators.length, items: report.items })}{' '}
              <strong data-testid="overall-alpha" data-value={report.overallAlpha ?? ''}>{fmt(report.overallAlpha)}</strong>
            </p>
            <table className="table" data-testid="agreement-pairs">
              <thead>
                <tr>
                  <th>{t('ag.pair')}</th>
                  <th>{t('ag.shared')}</th>
                  {FIGURES.map((f) => (
                    <th key={f.key} title={t(f.hint)}>
                      {t(f.title)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.pairs.map((p, i) => (
                  <tr key={`${p.a}|${p.b}`} aria-selected={i === pair} onClick={() => setPair(i)} data-testid="agreement-pair">
                    <td>{t('ag.vs', { a: p.a, b: p.b })}</td>
                    <td>{p.n}</td>
                    {FIGURES.map((f) => (
                      <td key={f.key} data-testid={`pair-${f.key}`} data-value={p[f.key] ?? ''}>
                        {fmt(p[f.key])}
                        {p.ci95[f.key] && <small> [{p.ci95[f.key]!.map((x) => x.toFixed(2)).join(', ')}]</small>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="hint">{t('ag.ciNote')}</p>
          </>
        )}
      </section>
      {report && !blind && report.annotators.length >= 2 && report.perRecording.length > 0 && (
        <section className="card">
          <h3>{t('agreement.perRecording')}</h3>
          <AlphaBars rows={report.perRecording} />
        </section>
      )}
      {current && !blind && (
        <section className="card">
          <h3>
            {t('ag.scatterTitle', { a: current.a, b: current.b })}
          </h3>
          <Scatter points={points} a={current.a} b={current.b} />
        </section>
      )}
      {report && !blind && report.disputed.length > 0 && (
        <section className="card">
          <h3>{t('ag.disputed')}</h3>
          <ol data-testid="disputed">
            {report.disputed.map((d) => (
              <li key={d.segmentId}>
                <button
                  type="button"
                  data-testid="disputed-item"
                  onClick={() => {
                    navigate('review');
                    select(d.segmentId);
                  }}
                >
                  {Object.entries(d.scores)
                    .map(([a, s]) => `${a} ${s > 0 ? '+' : ''}${s}`)
                    .join(' · ')}{' '}
                  — {textOf(d.segmentId)}
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      <ImportLabels />
    </div>
  );
}

/** The project's blind-labelling setting, switched through its action (Shift+B in Review and Queue). */
function BlindToggle({ blind }: { blind: boolean }) {
  const action = actions.find((a) => a.id === 'blind')!;
  return (
    <label className="blind-toggle" title={`${actionLabel(action.id, action.label)} (${action.shortcut})`}>
      <input type="checkbox" data-testid="blind-toggle" checked={blind} onChange={() => void Promise.resolve(action.perform(NO_KEY)).catch(report)} /> {t('blind.toggle')}
    </label>
  );
}

/**
 * α per recording as horizontal bars on a fixed −1…1 axis (α can fall below 0, worse than chance;
 * a bar past −1 is drawn to the edge, its number says how far), with n, the segments it rests on.
 */
function AlphaBars({ rows }: { rows: Report['perRecording'] }) {
  const rowH = 22;
  const nameW = 180;
  const plotW = 320;
  const pad = 8;
  const top = 8;
  const height = top + rows.length * rowH + 34;
  const x = (a: number) => nameW + ((Math.max(-1, Math.min(1, a)) + 1) / 2) * plotW;
  const ticks = [-1, -0.5, 0, 0.5, 1];
  const axisY = top + rows.length * rowH;
  return (
    <figure className="chart">
      <svg width={nameW + plotW + 120} height={height} role="img" aria-label={t('agreement.perRecordingAria')} data-testid="alpha-per-recording">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top} y2={axisY} stroke="currentColor" strokeOpacity={t === 0 ? 0.5 : 0.15} />
            <text x={x(t)} y={axisY + 14} fontSize={10} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        <text x={nameW + plotW / 2} y={axisY + 28} fontSize={11} textAnchor="middle">
          {t('agreement.alphaAxis')}
        </text>
        {rows.map((r, i) => {
          const y = top + i * rowH;
          const a = r.alpha;
          return (
            <g key={r.recordingId} data-testid="alpha-row" data-recording-id={r.recordingId} data-alpha={a ?? ''} data-items={r.items}>
              <text x={nameW - pad} y={y + rowH / 2 + 4} fontSize={11} textAnchor="end">
                {r.name.length > 26 ? `${r.name.slice(0, 25)}…` : r.name}
                <title>{r.name}</title>
              </text>
              {a !== null && <rect x={Math.min(x(0), x(a))} y={y + 4} width={Math.abs(x(a) - x(0))} height={rowH - 8} style={{ fill: a >= 0 ? 'var(--blue)' : 'var(--red)' }} fillOpacity={0.7} />}
              <text x={nameW + plotW + pad} y={y + rowH / 2 + 4} fontSize={11}>
                {a === null ? '—' : `α ${a.toFixed(2)}`} · n {r.items}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{t('agreement.alphaCaption')}</figcaption>
    </figure>
  );
}

/** One annotator's score against the other's, -3..3 on both axes, the diagonal where they agree. */
function Scatter({ points, a, b }: { points: [number, number][]; a: string; b: string }) {
  const size = 320;
  const pad = 40;
  // -3.5..3.5 on each axis, so a point at ±3 sits inside the frame.
  const at = (v: number) => pad + ((v + 3.5) / 7) * (size - 2 * pad);
  const atY = (v: number) => size - at(v);
  const ticks = [-3, -2, -1, 0, 1, 2, 3];
  // Labels on a 0.5 grid pile up: a count per position shows how many sit there.
  const counts = new Map<string, number>();
  for (const [x, y] of points) counts.set(`${x}|${y}`, (counts.get(`${x}|${y}`) ?? 0) + 1);
  return (
    <figure className="chart">
    <svg width={size} height={size} role="img" aria-label={t('ag.scatterAria', { a, b })} data-testid="agreement-scatter">
      <line x1={at(-3.5)} y1={atY(-3.5)} x2={at(3.5)} y2={atY(3.5)} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="4 3" />
      {ticks.map((t) => (
        <g key={t}>
          <text x={at(t)} y={size - pad + 14} fontSize={10} textAnchor="middle">
            {t}
          </text>
          <text x={pad - 8} y={atY(t) + 3} fontSize={10} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      <rect x={pad} y={pad} width={size - 2 * pad} height={size - 2 * pad} fill="none" stroke="currentColor" strokeOpacity={0.4} />
      {[...counts].map(([k, n]) => {
        const [x, y] = k.split('|').map(Number);
        return <circle key={k} cx={at(x)} cy={atY(y)} r={3 + Math.min(6, n - 1)} style={{ fill: 'var(--blue)' }} fillOpacity={0.6} data-testid="scatter-point" />;
      })}
      <text x={size / 2} y={size - 4} fontSize={11} textAnchor="middle">
        {a}
      </text>
      <text x={10} y={size / 2} fontSize={11} textAnchor="middle" transform={`rotate(-90 10 ${size / 2})`}>
        {b}
      </text>
    </svg>
      <figcaption className="hint">{t('ag.scatterCaption')}</figcaption>
    </figure>
  );
}
