/**
 * SVG plots for evaluation and training: predicted-vs-true scatter with a 7-class confusion
 * matrix (Acc-7 classes), a reliability diagram of predictive intervals (nominal vs observed
 * coverage), and line charts (learning curves, loss per epoch). A small hand-written
 * SVG writer: the charts are simple, and the plotting libraries on npm either need a DOM/canvas
 * (vega, chart.js) or pull in large dependency trees for this.
 */
import { roundHalfEven } from './metrics';
import type { EpochRecord } from './types';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (n: number) => (Math.round(n * 100) / 100).toString();
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

function svg(width: number, height: number, body: string[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    `</svg>`,
    '',
  ].join('\n');
}

/** 7x7 counts, rows = true class, columns = predicted class, classes -3..3 as MMSA's Acc-7. */
export function confusion7(pred: readonly number[], truth: readonly number[]): number[][] {
  const m = Array.from({ length: 7 }, () => Array(7).fill(0) as number[]);
  const cls = (v: number) => roundHalfEven(Math.min(3, Math.max(-3, v))) + 3;
  pred.forEach((p, i) => m[cls(truth[i])][cls(p)]++);
  return m;
}

export function evalPlotSvg(pred: readonly number[], truth: readonly number[], title = 'Predicted vs true'): string {
  const body: string[] = [`<text x="10" y="18" font-size="14" font-weight="bold">${esc(title)} (n = ${pred.length})</text>`];
  // Scatter panel: 300x300 at (40, 40), axes -3..3.
  const X0 = 40;
  const Y0 = 40;
  const S = 300;
  const sx = (v: number) => X0 + ((Math.max(-3, Math.min(3, v)) + 3) / 6) * S;
  const sy = (v: number) => Y0 + S - ((Math.max(-3, Math.min(3, v)) + 3) / 6) * S;
  body.push(`<g id="scatter"><rect x="${X0}" y="${Y0}" width="${S}" height="${S}" fill="none" stroke="#444"/>`);
  for (let t = -3; t <= 3; t++) {
    body.push(`<line x1="${sx(t)}" y1="${Y0}" x2="${sx(t)}" y2="${Y0 + S}" stroke="#eee"/><line x1="${X0}" y1="${sy(t)}" x2="${X0 + S}" y2="${sy(t)}" stroke="#eee"/>`);
    body.push(`<text x="${sx(t)}" y="${Y0 + S + 14}" text-anchor="middle">${t}</text><text x="${X0 - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  body.push(`<line x1="${sx(-3)}" y1="${sy(-3)}" x2="${sx(3)}" y2="${sy(3)}" stroke="#999" stroke-dasharray="4 3"/>`);
  pred.forEach((p, i) => body.push(`<circle cx="${f(sx(truth[i]))}" cy="${f(sy(p))}" r="2.5" fill="${PALETTE[0]}" fill-opacity="0.5"/>`));
  body.push(`<text x="${X0 + S / 2}" y="${Y0 + S + 30}" text-anchor="middle">true</text>`);
  body.push(`<text x="12" y="${Y0 + S / 2}" transform="rotate(-90 12 ${Y0 + S / 2})" text-anchor="middle">predicted</text></g>`);
  // Confusion panel at (400, 40), 7 cells of 40.
  const m = confusion7(pred, truth);
  const max = Math.max(1, ...m.flat());
  const CX = 420;
  const C = 40;
  body.push(`<g id="confusion"><text x="${CX + 3.5 * C}" y="${Y0 - 8}" text-anchor="middle">predicted class</text>`);
  m.forEach((row, r) =>
    row.forEach((n, c) => {
      const shade = Math.round(255 - (n / max) * 200);
      body.push(`<rect x="${CX + c * C}" y="${Y0 + r * C}" width="${C}" height="${C}" fill="rgb(${shade},${shade},255)" stroke="#fff"/>`);
      body.push(`<text class="count" x="${CX + c * C + C / 2}" y="${Y0 + r * C + C / 2 + 4}" text-anchor="middle">${n}</text>`);
    }),
  );
  for (let k = 0; k < 7; k++) {
    body.push(`<text x="${CX + k * C + C / 2}" y="${Y0 + 7 * C + 14}" text-anchor="middle">${k - 3}</text>`);
    body.push(`<text x="${CX - 6}" y="${Y0 + k * C + C / 2 + 4}" text-anchor="end">${k - 3}</text>`);
  }
  body.push(`<text x="${CX - 26}" y="${Y0 + 3.5 * C}" transform="rotate(-90 ${CX - 26} ${Y0 + 3.5 * C})" text-anchor="middle">true class</text></g>`);
  return svg(720, 390, body);
}

export interface ReliabilitySeries {
  /** Legend text, e.g. "fused (n = 120)". */
  name: string;
  points: ReadonlyArray<{ level: number; observed: number }>;
}

/**
 * Reliability diagram of interval calibration: nominal coverage of the central interval (x) against
 * the fraction of rows whose truth fell inside it (y), both 0..100 %, with the diagonal (perfect
 * calibration). Below the diagonal = intervals too narrow (over-confident), above = too wide.
 * With no series (no head has a spread) it says so inside the empty axes.
 */
export function reliabilitySvg(series: readonly ReliabilitySeries[], title = 'Interval reliability'): string {
  const L = 60;
  const T = 40;
  const S = 300;
  const px = (v: number) => L + Math.max(0, Math.min(1, v)) * S;
  const py = (v: number) => T + S - Math.max(0, Math.min(1, v)) * S;
  const body: string[] = [`<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`];
  body.push(`<g id="axes"><rect x="${L}" y="${T}" width="${S}" height="${S}" fill="none" stroke="#444"/>`);
  for (let k = 0; k <= 10; k += 2) {
    const v = k / 10;
    body.push(`<line x1="${f(px(v))}" y1="${T}" x2="${f(px(v))}" y2="${T + S}" stroke="#eee"/><line x1="${L}" y1="${f(py(v))}" x2="${L + S}" y2="${f(py(v))}" stroke="#eee"/>`);
    body.push(`<text x="${f(px(v))}" y="${T + S + 14}" text-anchor="middle">${k * 10}</text><text x="${L - 6}" y="${f(py(v) + 4)}" text-anchor="end">${k * 10}</text>`);
  }
  body.push(`<text x="${L + S / 2}" y="${T + S + 32}" text-anchor="middle">expected coverage of the central interval (%)</text>`);
  body.push(`<text x="16" y="${T + S / 2}" transform="rotate(-90 16 ${T + S / 2})" text-anchor="middle">observed coverage (%)</text></g>`);
  body.push(`<line id="diagonal" x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#999" stroke-dasharray="4 3"/>`);
  const LX = L + S + 20;
  body.push(`<g id="legend"><line x1="${LX}" y1="${T + 10}" x2="${LX + 20}" y2="${T + 10}" stroke="#999" stroke-dasharray="4 3"/><text x="${LX + 26}" y="${T + 14}">ideal (observed = expected)</text>`);
  series.forEach((s, i) => {
    const y = T + 28 + i * 18;
    body.push(`<line x1="${LX}" y1="${y}" x2="${LX + 20}" y2="${y}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2"/><text x="${LX + 26}" y="${y + 4}">${esc(s.name)}</text>`);
  });
  body.push('</g>');
  if (series.length === 0) body.push(`<text x="${L + S / 2}" y="${T + S / 2}" text-anchor="middle" fill="#a00">no head has a predictive spread: nothing to calibrate</text>`);
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const good = s.points.filter((p) => Number.isFinite(p.observed));
    const d = good.map((p, j) => `${j ? 'L' : 'M'}${f(px(p.level))},${f(py(p.observed))}`).join(' ');
    body.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    good.forEach((p) => body.push(`<circle cx="${f(px(p.level))}" cy="${f(py(p.observed))}" r="3" fill="${colour}"><title>${esc(s.name)}: ${Math.round(p.level * 100)} % nominal, ${(p.observed * 100).toFixed(1)} % observed</title></circle>`));
  });
  return svg(L + S + 270, T + S + 50, body);
}

export interface Series {
  name: string;
  points: Array<{ x: number; y: number }>;
  dashed?: boolean;
}

export function lineChartSvg(series: Series[], o: { title: string; xLabel: string; yLabel: string; logX?: boolean }): string {
  const W = 660;
  const H = 340;
  const L = 60;
  const T = 40;
  const PW = 360;
  const PH = 250;
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const tx = (x: number) => (o.logX ? Math.log10(x) : x);
  const xs = pts.map((p) => tx(p.x));
  const ys = pts.map((p) => p.y);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number) => L + (x1 === x0 ? PW / 2 : ((tx(x) - x0) / (x1 - x0)) * PW);
  const py = (y: number) => T + PH - ((y - y0) / (y1 - y0)) * PH;
  const body: string[] = [`<text x="10" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`];
  body.push(`<rect x="${L}" y="${T}" width="${PW}" height="${PH}" fill="none" stroke="#444"/>`);
  for (let k = 0; k <= 4; k++) {
    const y = y0 + ((y1 - y0) * k) / 4;
    body.push(`<line x1="${L}" y1="${f(py(y))}" x2="${L + PW}" y2="${f(py(y))}" stroke="#eee"/><text x="${L - 6}" y="${f(py(y) + 4)}" text-anchor="end">${y.toPrecision(3)}</text>`);
  }
  const xTicks = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(xTicks.length / 10));
  xTicks.filter((_, i) => i % step === 0).forEach((x) => body.push(`<text x="${f(px(x))}" y="${T + PH + 14}" text-anchor="middle">${x}</text>`));
  body.push(`<text x="${L + PW / 2}" y="${T + PH + 32}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  body.push(`<text x="14" y="${T + PH / 2}" transform="rotate(-90 14 ${T + PH / 2})" text-anchor="middle">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const good = s.points.filter((p) => Number.isFinite(p.y));
    const d = good.map((p, j) => `${j ? 'L' : 'M'}${f(px(p.x))},${f(py(p.y))}`).join(' ');
    body.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    good.forEach((p) => body.push(`<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="2.5" fill="${colour}"/>`));
    body.push(`<line x1="${L + PW + 16}" y1="${T + 10 + i * 18}" x2="${L + PW + 36}" y2="${T + 10 + i * 18}" stroke="${colour}" stroke-width="2"/><text x="${L + PW + 42}" y="${T + 14 + i * 18}">${esc(s.name)}</text>`);
  });
  return svg(W, H, body);
}

export function lossCurveSvg(history: readonly EpochRecord[], title = 'Training loss'): string {
  const series: Series[] = [
    { name: 'total', points: history.map((h) => ({ x: h.epoch, y: h.loss.total })) },
    { name: 'task (L1)', points: history.map((h) => ({ x: h.epoch, y: h.loss.task })) },
  ];
  if (history.some((h) => h.validMae !== null)) series.push({ name: 'valid MAE', points: history.map((h) => ({ x: h.epoch, y: h.validMae ?? NaN })) });
  return lineChartSvg(series, { title, xLabel: 'epoch', yLabel: 'loss' });
}
