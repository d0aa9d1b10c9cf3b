import { headScore } from '../../shared/presence';
import type { Label, Prediction, Segment } from '../state/store';
import { scoreColor, speakerColor, THEME } from './colors';
import { SCORE_TRACKS, TOTAL_HEIGHT, TRACKS, trackTop, type ScoreTrack } from './tracks';
import { endMs, formatClock, msToX, tickStep, visibleRange, type Viewport } from './viewport';

export interface TimelineData {
  durationMs: number;
  segments: Segment[];
  /** Longest segment, for the visible-range search. */
  maxLenMs: number;
  speakerIndex: Map<string, number>;
  predictions: Map<string, Prediction>;
  labels: Map<string, Label>;
  peaks: { peaksPerSecond: number; peaks: Float32Array } | null;
  selectedId: string | null;
  loop: boolean;
  untrained: Set<ScoreTrack>;
  /** Tracks whose modality this recording does not have (no video stream: no face track). */
  absent?: Set<ScoreTrack>;
}

/**
 * Draws everything that does not move with the playhead. Called only when the view or the data
 * changed; each pass touches just the segments and peaks inside the visible range.
 */
export function drawBase(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData): void {
  const w = v.widthPx;
  ctx.fillStyle = THEME.bg;
  ctx.fillRect(0, 0, w, TOTAL_HEIGHT);
  let y = 0;
  TRACKS.forEach((t, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = THEME.rowAlt;
      ctx.fillRect(0, y, w, t.height);
    }
    y += t.height;
  });

  const [from, to] = visibleRange(d.segments, v.startMs, endMs(v), d.maxLenMs);
  const selected = d.segments.find((s) => s.id === d.selectedId);
  if (selected) {
    const x0 = msToX(v, selected.startMs);
    const x1 = msToX(v, selected.endMs);
    ctx.fillStyle = d.loop ? THEME.loop : THEME.selection;
    ctx.fillRect(x0, 0, Math.max(1, x1 - x0), TOTAL_HEIGHT);
  }

  drawRuler(ctx, v);
  drawSegments(ctx, v, d, from, to);
  drawWaveform(ctx, v, d);
  for (const track of SCORE_TRACKS) drawScores(ctx, v, d, from, to, track);
  drawLabels(ctx, v, d, from, to);

  if (selected) {
    const x0 = Math.round(msToX(v, selected.startMs)) + 0.5;
    const x1 = Math.round(msToX(v, selected.endMs)) - 0.5;
    ctx.strokeStyle = THEME.accent;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x0, trackTop('segments'));
    ctx.lineTo(x0, TOTAL_HEIGHT);
    ctx.moveTo(x1, trackTop('segments'));
    ctx.lineTo(x1, TOTAL_HEIGHT);
    ctx.stroke();
  }
}

function drawRuler(ctx: CanvasRenderingContext2D, v: Viewport): void {
  const h = TRACKS[0].height;
  const step = tickStep(v.msPerPx);
  const minor = step / 5;
  const first = Math.floor(v.startMs / minor) * minor;
  const last = endMs(v);
  ctx.fillStyle = THEME.dim;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.strokeStyle = THEME.grid;
  ctx.beginPath();
  for (let ms = first; ms <= last; ms += minor) {
    const x = Math.round(msToX(v, ms)) + 0.5;
    const major = Math.round(ms / minor) % 5 === 0;
    ctx.moveTo(x, major ? 0 : h - 6);
    ctx.lineTo(x, h);
    if (major) ctx.fillText(formatClock(ms, step), x + 3, 3);
  }
  ctx.moveTo(0, h - 0.5);
  ctx.lineTo(v.widthPx, h - 0.5);
  ctx.stroke();
}

function drawSegments(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, from: number, to: number): void {
  const top = trackTop('segments') + 4;
  const h = TRACKS[1].height - 8;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (let i = from; i < to; i++) {
    const s = d.segments[i];
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    const w = Math.max(1, x1 - x0 - 1);
    const color = speakerColor(d.speakerIndex.get(s.speaker ?? '') ?? 0);
    ctx.fillStyle = color;
    ctx.globalAlpha = s.id === d.selectedId ? 1 : 0.55;
    ctx.fillRect(x0, top, w, h);
    ctx.globalAlpha = 1;
    if (w > 40) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, top, w - 2, h);
      ctx.clip();
      ctx.fillStyle = '#0d1014';
      if (w > s.text.length * WORD_PX_PER_CHAR && s.text.includes(' ')) drawWords(ctx, v, s, top, h);
      else ctx.fillText(`${s.speaker ? s.speaker + ': ' : ''}${s.text}`, Math.max(x0, 0) + 4, top + h / 2);
      ctx.restore();
    }
  }
}

/** Zoomed in this far (pixels per character), each word is drawn at its own place. */
const WORD_PX_PER_CHAR = 9;

/**
 * Word positions without word timings: time shared in proportion to characters, the same rule the
 * backend uses to cut the text when a segment is split, so the split lands where it is drawn.
 */
export function wordStarts(text: string, startMs: number, endMs: number): { word: string; ms: number }[] {
  const out: { word: string; ms: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ word: m[0], ms: startMs + ((endMs - startMs) * m.index) / Math.max(1, text.length) });
  return out;
}

function drawWords(ctx: CanvasRenderingContext2D, v: Viewport, s: Segment, top: number, h: number): void {
  ctx.strokeStyle = 'rgba(13, 16, 20, 0.35)';
  ctx.beginPath();
  for (const { word, ms } of wordStarts(s.text, s.startMs, s.endMs)) {
    const x = msToX(v, ms);
    if (x > v.widthPx) break;
    ctx.moveTo(Math.round(x) + 0.5, top + 2);
    ctx.lineTo(Math.round(x) + 0.5, top + h - 2);
    ctx.fillText(word, x + 3, top + h / 2);
  }
  ctx.stroke();
}

function drawWaveform(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData): void {
  const top = trackTop('waveform');
  const h = TRACKS[2].height;
  const mid = top + h / 2;
  if (!d.peaks || d.peaks.peaks.length === 0) {
    emptyText(ctx, v, top, h, 'no waveform');
    return;
  }
  const { peaksPerSecond } = d.peaks;
  const levels = peakLevels(d.peaks.peaks);
  const perMs = peaksPerSecond / 1000;
  const perPx = v.msPerPx * perMs;
  // Pick the coarsest level whose cells are still narrower than a pixel, so each column reads a
  // handful of values whatever the zoom.
  const level = Math.max(0, Math.min(levels.length - 1, Math.floor(Math.log2(Math.max(1, perPx)))));
  const peaks = levels[level];
  const scale = 2 ** level;
  ctx.fillStyle = THEME.wave;
  for (let x = 0; x < v.widthPx; x++) {
    const a = Math.floor(((v.startMs + x * v.msPerPx) * perMs) / scale);
    const b = Math.max(a + 1, Math.floor(((v.startMs + (x + 1) * v.msPerPx) * perMs) / scale));
    if (a >= peaks.length) break;
    let m = 0;
    for (let i = Math.max(0, a); i < b && i < peaks.length; i++) if (peaks[i] > m) m = peaks[i];
    const ph = Math.max(1, m * (h - 6));
    ctx.fillRect(x, mid - ph / 2, 1, ph);
  }
}

const levelCache = new WeakMap<Float32Array, Float32Array[]>();

/** Max-pyramid of the peaks (each level halves the previous), built once per peaks array. */
export function peakLevels(peaks: Float32Array): Float32Array[] {
  let levels = levelCache.get(peaks);
  if (levels) return levels;
  levels = [peaks];
  let cur = peaks;
  while (cur.length > 1) {
    const next = new Float32Array(Math.ceil(cur.length / 2));
    for (let i = 0; i < next.length; i++) next[i] = Math.max(cur[2 * i], cur[2 * i + 1] ?? 0);
    levels.push(next);
    cur = next;
  }
  levelCache.set(peaks, levels);
  return levels;
}

function drawScores(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, from: number, to: number, track: ScoreTrack): void {
  const spec = TRACKS.find((t) => t.id === track)!;
  const top = trackTop(track);
  const h = spec.height;
  const mid = top + h / 2;
  const half = h / 2 - 3;
  ctx.strokeStyle = THEME.grid;
  ctx.beginPath();
  ctx.moveTo(0, Math.round(mid) + 0.5);
  ctx.lineTo(v.widthPx, Math.round(mid) + 0.5);
  ctx.stroke();
  if (d.absent?.has(track)) {
    emptyText(ctx, v, top, h, track === 'video' ? 'no video in this recording: no face score' : 'not in this recording');
    return;
  }
  if (d.predictions.size === 0) {
    emptyText(ctx, v, top, h, 'no predictions yet — run Analyse');
    return;
  }
  for (let i = from; i < to; i++) {
    const s = d.segments[i];
    const p = d.predictions.get(s.id);
    if (!p) continue;
    const score = headScore(p, track);
    if (score === null) continue;
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    const bh = Math.max(1, (Math.min(3, Math.abs(score)) / 3) * half);
    ctx.globalAlpha = 0.3 + 0.7 * Math.max(0, Math.min(1, p.confidence));
    ctx.fillStyle = scoreColor(score);
    ctx.fillRect(x0, score >= 0 ? mid - bh : mid, Math.max(1, x1 - x0 - 1), bh);
  }
  ctx.globalAlpha = 1;
  if (d.untrained.has(track)) hatch(ctx, v.widthPx, top, h);
}

function drawLabels(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, from: number, to: number): void {
  const top = trackTop('labels');
  const h = TRACKS[TRACKS.length - 1].height;
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (let i = from; i < to; i++) {
    const s = d.segments[i];
    const l = d.labels.get(s.id);
    if (!l) continue;
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    ctx.fillStyle = scoreColor(l.score);
    ctx.fillRect(x0, top + 5, Math.max(2, x1 - x0 - 1), h - 10);
    if (x1 - x0 > 22) {
      ctx.fillStyle = '#0d1014';
      ctx.fillText(l.score > 0 ? `+${l.score}` : String(l.score), (Math.max(0, x0) + Math.min(v.widthPx, x1)) / 2, top + h / 2);
    }
  }
  ctx.textAlign = 'left';
}

function emptyText(ctx: CanvasRenderingContext2D, v: Viewport, top: number, h: number, text: string): void {
  ctx.fillStyle = THEME.dim;
  ctx.font = 'italic 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 8, top + h / 2);
}

/** Diagonal hatching: the head has not been trained on real labels, so its bars are a guess. */
function hatch(ctx: CanvasRenderingContext2D, w: number, top: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, w, h);
  ctx.clip();
  ctx.strokeStyle = 'rgba(201, 209, 217, 0.12)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = -h; x < w; x += 10) {
    ctx.moveTo(x, top + h);
    ctx.lineTo(x + h, top);
  }
  ctx.stroke();
  ctx.restore();
}

export function drawOverlay(ctx: CanvasRenderingContext2D, v: Viewport, playheadMs: number, edgeMs?: number): void {
  ctx.clearRect(0, 0, v.widthPx, TOTAL_HEIGHT);
  if (edgeMs !== undefined) {
    // A segment edge being dragged: where it lands (snapped), over every lane.
    const ex = Math.round(msToX(v, edgeMs)) + 0.5;
    ctx.strokeStyle = THEME.accent;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(ex, 0);
    ctx.lineTo(ex, TOTAL_HEIGHT);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = THEME.accent;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText(formatClock(edgeMs, 10), ex + 4, 2);
  }
  const x = Math.round(msToX(v, playheadMs)) + 0.5;
  if (x < 0 || x > v.widthPx) return;
  ctx.strokeStyle = THEME.playhead;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, TOTAL_HEIGHT);
  ctx.stroke();
  ctx.fillStyle = THEME.playhead;
  ctx.beginPath();
  ctx.moveTo(x - 5, 0);
  ctx.lineTo(x + 5, 0);
  ctx.lineTo(x, 7);
  ctx.fill();
}
