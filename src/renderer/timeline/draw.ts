import { headScore } from '../../shared/presence';
import { t as tr } from '../i18n';
import type { Prediction, Segment } from '../state/store';
import { scoreColor, speakerColor, THEME, type TimelinePalette } from './colors';
import { SCORE_TRACKS, segmentLane, type Layout, type ScoreTrack, type TrackSpec } from './tracks';
import { endMs, formatClock, msToX, tickStep, visibleRange, type Viewport } from './viewport';

/** A label as a lane draws it. */
export interface LaneLabel {
  score: number;
}

export interface TimelineData {
  durationMs: number;
  segments: Segment[];
  /** Longest segment, for the visible-range search. */
  maxLenMs: number;
  speakerIndex: Map<string, number>;
  predictions: Map<string, Prediction>;
  /** The analyst's own labels (the 'labels' lane). */
  labels: Map<string, LaneLabel>;
  /** Other annotators' labels, by annotator, for their lanes (issue 16 item 2). */
  others?: Map<string, Map<string, LaneLabel>>;
  /** The lanes, in order (tracks.ts). */
  layout: Layout;
  /** The palette drawn with: a new one (theme change) redraws every tile. */
  theme?: TimelinePalette;
  peaks: { peaksPerSecond: number; peaks: Float32Array } | null;
  selectedId: string | null;
  loop: boolean;
  untrained: Set<ScoreTrack>;
  /** Tracks whose modality this recording does not have (no video stream: no face track). */
  absent?: Set<ScoreTrack>;
}

/**
 * Draws what does not depend on the selection or the playhead into one tile: a strip of the
 * timeline at one zoom, `v` being the tile's own view (its left edge at x = 0). Everything is placed
 * by absolute time, so neighbouring tiles join without seams; only the segments and peaks inside
 * the tile are touched.
 */
export function drawTile(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData): void {
  const w = v.widthPx;
  const L = d.layout;
  ctx.fillStyle = THEME.bg;
  ctx.fillRect(0, 0, w, L.total);
  L.tracks.forEach((t, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = THEME.rowAlt;
      ctx.fillRect(0, L.top.get(t.id)!, w, t.height);
    }
  });
  const [from, to] = visibleRange(d.segments, v.startMs, endMs(v), d.maxLenMs);
  for (const t of L.tracks) {
    if (t.kind === 'ruler') drawRuler(ctx, v, L.top.get(t.id)!, t.height);
    else if (t.kind === 'waveform') drawWaveform(ctx, v, d, L.top.get(t.id)!, t.height);
    else if ((SCORE_TRACKS as string[]).includes(t.kind)) drawScores(ctx, v, d, from, to, t.kind as ScoreTrack, L.top.get(t.id)!, t.height);
    else if (t.kind === 'labels') drawLabels(ctx, v, from, to, d.segments, d.labels, L.top.get(t.id)!, t.height);
    else if (t.kind === 'annotator') drawLabels(ctx, v, from, to, d.segments, d.others?.get(t.annotator!) ?? EMPTY_LABELS, L.top.get(t.id)!, t.height);
  }
  drawSegments(ctx, v, d, from, to);
}

const EMPTY_LABELS = new Map<string, LaneLabel>();

/**
 * What sits over the tiles, on the overlay: the selection (its band, its block at full strength,
 * its edges) and the lanes' "nothing here" notes, which belong to the view's left edge rather than
 * to a tile. Kept off the base layer so a new selection redraws no tile.
 */
export function drawSelection(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData): void {
  const L = d.layout;
  for (const t of L.tracks) {
    const top = L.top.get(t.id)!;
    const note = laneNote(d, t);
    if (note) emptyText(ctx, top, t.height, note);
  }
  const selected = d.selectedId ? d.segments.find((s) => s.id === d.selectedId) : undefined;
  if (!selected) return;
  const x0 = msToX(v, selected.startMs);
  const x1 = msToX(v, selected.endMs);
  if (x1 < 0 || x0 > v.widthPx) return;
  ctx.fillStyle = d.loop ? THEME.loop : THEME.selection;
  ctx.fillRect(x0, 0, Math.max(1, x1 - x0), L.total);
  const lane = segmentLane(L, selected.speaker);
  if (lane) drawBlock(ctx, v, d, selected, lane, L.top.get(lane.id)!, 1);
  const top = lane ? L.top.get(lane.id)! : 0;
  const ex0 = Math.round(x0) + 0.5;
  const ex1 = Math.round(x1) - 0.5;
  ctx.strokeStyle = THEME.accent;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(ex0, top);
  ctx.lineTo(ex0, L.total);
  ctx.moveTo(ex1, top);
  ctx.lineTo(ex1, L.total);
  ctx.stroke();
}

/** A whole view in one pass (tests, and anything without tiles). */
export function drawBase(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData): void {
  drawTile(ctx, v, d);
  drawSelection(ctx, v, d);
}

function laneNote(d: TimelineData, t: TrackSpec): string | null {
  if (t.kind === 'waveform') return !d.peaks || d.peaks.peaks.length === 0 ? tr('tl.empty.waveform') : null;
  if (!(SCORE_TRACKS as string[]).includes(t.kind)) return null;
  if (d.absent?.has(t.kind as ScoreTrack)) return t.kind === 'video' ? tr('tl.empty.noFace') : tr('tl.empty.absent');
  return d.predictions.size === 0 ? tr('tl.empty.noPredictions') : null;
}

function drawRuler(ctx: CanvasRenderingContext2D, v: Viewport, top: number, h: number): void {
  const step = tickStep(v.msPerPx);
  const minor = step / 5;
  // From one label's width before the tile, so a time written across a tile's edge is whole.
  const first = Math.floor((v.startMs - 80 * v.msPerPx) / minor) * minor;
  const last = endMs(v);
  ctx.fillStyle = THEME.dim;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.strokeStyle = THEME.grid;
  ctx.beginPath();
  for (let ms = first; ms <= last; ms += minor) {
    const x = Math.round(msToX(v, ms)) + 0.5;
    const major = Math.round(ms / minor) % 5 === 0;
    ctx.moveTo(x, top + (major ? 0 : h - 6));
    ctx.lineTo(x, top + h);
    if (major) ctx.fillText(formatClock(ms, step), x + 3, top + 3);
  }
  ctx.moveTo(0, top + h - 0.5);
  ctx.lineTo(v.widthPx, top + h - 0.5);
  ctx.stroke();
}

function drawSegments(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, from: number, to: number): void {
  const L = d.layout;
  const lanes = new Map<string, TrackSpec | null>();
  // Level of detail: where blocks are narrower than a pixel, one per pixel column and lane.
  const lastCol = new Map<TrackSpec, number>();
  for (let i = from; i < to; i++) {
    const s = d.segments[i];
    const key = s.speaker ?? '';
    let lane = lanes.get(key);
    if (lane === undefined) lanes.set(key, (lane = segmentLane(L, s.speaker)));
    if (!lane) continue;
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    if (x1 - x0 < 1) {
      const col = Math.floor(x0);
      if (lastCol.get(lane) === col) continue;
      lastCol.set(lane, col);
    }
    drawBlock(ctx, v, d, s, lane, L.top.get(lane.id)!, 0.55);
  }
}

/** One utterance's block in its lane, with its words where they fit. */
function drawBlock(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, s: Segment, lane: TrackSpec, laneTop: number, alpha: number): void {
  const top = laneTop + (lane.kind === 'speaker' ? 3 : 4);
  const h = lane.height - (lane.kind === 'speaker' ? 6 : 8);
  const x0 = msToX(v, s.startMs);
  const x1 = msToX(v, s.endMs);
  const w = Math.max(1, x1 - x0 - 1);
  ctx.fillStyle = speakerColor(d.speakerIndex.get(s.speaker ?? '') ?? 0);
  ctx.globalAlpha = alpha;
  ctx.fillRect(x0, top, w, h);
  ctx.globalAlpha = 1;
  if (w <= 40) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, top, w - 2, h);
  ctx.clip();
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = alpha === 1 ? THEME.onSelectedBlock : THEME.onBlock;
  if (w > s.text.length * WORD_PX_PER_CHAR && s.text.includes(' ')) drawWords(ctx, v, s, top, h);
  // A speaker's own lane is named at its head; the one shared lane names the speaker in the block.
  else ctx.fillText(`${lane.kind === 'segments' && s.speaker ? s.speaker + ': ' : ''}${s.text}`, x0 + 4, top + h / 2);
  ctx.restore();
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
  ctx.strokeStyle = THEME.wordTick;
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

function drawWaveform(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, top: number, h: number): void {
  const mid = top + h / 2;
  if (!d.peaks || d.peaks.peaks.length === 0) return;
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

function drawScores(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, from: number, to: number, track: ScoreTrack, top: number, h: number): void {
  const mid = top + h / 2;
  const half = h / 2 - 3;
  ctx.strokeStyle = THEME.grid;
  ctx.beginPath();
  ctx.moveTo(0, Math.round(mid) + 0.5);
  ctx.lineTo(v.widthPx, Math.round(mid) + 0.5);
  ctx.stroke();
  if (d.absent?.has(track) || d.predictions.size === 0) return;
  // Level of detail: where bars are narrower than a pixel, each pixel column shows its strongest.
  let col = NaN;
  let best: { score: number; confidence: number; x0: number; x1: number } | null = null;
  let lastAlpha = -1;
  let lastFill = '';
  const bar = (b: { score: number; confidence: number; x0: number; x1: number }) => {
    const bh = Math.max(1, (Math.min(3, Math.abs(b.score)) / 3) * half);
    const alpha = 0.3 + 0.7 * Math.max(0, Math.min(1, b.confidence));
    const fill = scoreColor(b.score);
    // Setting a style parses it: skip when it is the one in force.
    if (alpha !== lastAlpha) ctx.globalAlpha = lastAlpha = alpha;
    if (fill !== lastFill) ctx.fillStyle = lastFill = fill;
    ctx.fillRect(b.x0, b.score >= 0 ? mid - bh : mid, Math.max(1, b.x1 - b.x0 - 1), bh);
  };
  for (let i = from; i < to; i++) {
    const s = d.segments[i];
    const p = d.predictions.get(s.id);
    if (!p) continue;
    const score = headScore(p, track);
    if (score === null) continue;
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    const b = { score, confidence: p.confidence, x0, x1 };
    if (x1 - x0 >= 1) {
      if (best) bar(best);
      best = null;
      bar(b);
      continue;
    }
    const c = Math.floor(x0);
    if (best && c === col) {
      if (Math.abs(score) > Math.abs(best.score)) best = { ...b, x0: best.x0 };
      continue;
    }
    if (best) bar(best);
    best = b;
    col = c;
  }
  if (best) bar(best);
  ctx.globalAlpha = 1;
  if (d.untrained.has(track)) hatch(ctx, v.widthPx, top, h);
}

function drawLabels(ctx: CanvasRenderingContext2D, v: Viewport, from: number, to: number, segments: Segment[], labels: Map<string, LaneLabel>, top: number, h: number): void {
  if (labels.size === 0) return;
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (let i = from; i < to; i++) {
    const s = segments[i];
    const l = labels.get(s.id);
    if (!l) continue;
    const x0 = msToX(v, s.startMs);
    const x1 = msToX(v, s.endMs);
    if (x1 < 0) continue;
    ctx.fillStyle = scoreColor(l.score);
    ctx.fillRect(x0, top + 5, Math.max(2, x1 - x0 - 1), h - 10);
    if (x1 - x0 > 22) {
      ctx.fillStyle = THEME.onBlock;
      ctx.fillText(l.score > 0 ? `+${l.score}` : String(l.score), (x0 + x1) / 2, top + h / 2);
    }
  }
  ctx.textAlign = 'left';
}

function emptyText(ctx: CanvasRenderingContext2D, top: number, h: number, text: string): void {
  ctx.fillStyle = THEME.dim;
  ctx.font = 'italic 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 8, top + h / 2);
  ctx.textBaseline = 'alphabetic';
}

/** Diagonal hatching: the head has not been trained on real labels, so its bars are a guess. */
function hatch(ctx: CanvasRenderingContext2D, w: number, top: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, w, h);
  ctx.clip();
  ctx.strokeStyle = THEME.hatch;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = -h; x < w; x += 10) {
    ctx.moveTo(x, top + h);
    ctx.lineTo(x + h, top);
  }
  ctx.stroke();
  ctx.restore();
}

/** The layer over the tiles: the selection and the lanes' notes, a dragged edge, the playhead. */
export function drawOverlay(ctx: CanvasRenderingContext2D, v: Viewport, d: TimelineData, playheadMs: number, edgeMs?: number): void {
  const totalHeight = d.layout.total;
  ctx.clearRect(0, 0, v.widthPx, totalHeight);
  drawSelection(ctx, v, d);
  if (edgeMs !== undefined) {
    // A segment edge being dragged: where it lands (snapped), over every lane.
    const ex = Math.round(msToX(v, edgeMs)) + 0.5;
    ctx.strokeStyle = THEME.accent;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(ex, 0);
    ctx.lineTo(ex, totalHeight);
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
  ctx.lineTo(x, totalHeight);
  ctx.stroke();
  ctx.fillStyle = THEME.playhead;
  ctx.beginPath();
  ctx.moveTo(x - 5, 0);
  ctx.lineTo(x + 5, 0);
  ctx.lineTo(x, 7);
  ctx.fill();
}
