import { currentMs, media, seekMs } from '../state/player';
import { THEME } from './colors';
import { drawOverlay, drawTile, type TimelineData } from './draw';
import { dropEdge, edgeAt } from './edge-drag';
import { deferTiles, TileCache, TILE_PX, tilesFor, tilesStale, tileView } from './tiles';
import { laneAt, pickSegment, segmentLane } from './tracks';
import { clampViewport, endMs, formatClock, xToMs, zoomAt, type Viewport } from './viewport';

const INITIAL_SPAN_MS = 120_000;
/** Tile drawing per frame (ms): past it the rest waits for the next frame, the old picture stretched meanwhile. */
const TILE_BUDGET_MS = 4;

type Bitmap = HTMLCanvasElement | OffscreenCanvas;

function bitmap(w: number, h: number): Bitmap {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

/**
 * Owns the two timeline canvases. The base layer is put together from cached tiles (tiles.ts) when
 * the view, the selection or the data change; the overlay (playhead) each frame the media time moved. The media element is the clock: nothing
 * here keeps its own notion of "now".
 */
export class TimelineRenderer {
  private baseCtx: CanvasRenderingContext2D;
  private overlayCtx: CanvasRenderingContext2D;
  private view: Viewport = { startMs: 0, msPerPx: 100, widthPx: 0 };
  private data: TimelineData | null = null;
  private baseDirty = true;
  private lastPlayhead = -1;
  private raf = 0;
  private resize: ResizeObserver;
  private drag: { x: number; startMs: number; moved: boolean } | null = null;
  /** An edge of the selected segment being dragged in the speaker lane, and where it would land. */
  private edge: { segmentId: string; edge: 'start' | 'end'; ms: number } | null = null;
  private fitted = false;
  private tiles = new TileCache<Bitmap>();
  /** The view the base canvas shows now: stretched to the new view where tiles are not drawn yet. */
  private shown: { view: Viewport; layoutKey: string } | null = null;
  private dpr = 1;
  private heightPx = 0;
  /** When the zoom last changed (performance.now()): tiles wait until a zoom gesture pauses. */
  private lastZoomAt = -Infinity;

  constructor(
    private readonly host: HTMLElement,
    private readonly wrap: HTMLElement,
    private readonly base: HTMLCanvasElement,
    private readonly overlay: HTMLCanvasElement,
    private readonly clock: HTMLElement | null,
    private readonly onPick: (segmentId: string | null, ms: number) => void,
    private readonly onHover: (hover: { segmentId: string; x: number; y: number } | null) => void = () => {},
    /** A dragged edge was dropped: the segment's new bounds (an undoable edit). */
    private readonly onEdge: (segmentId: string, edge: 'start' | 'end', ms: number) => void = () => {},
  ) {
    this.baseCtx = base.getContext('2d', { alpha: false })!;
    this.overlayCtx = overlay.getContext('2d')!;
    this.resize = new ResizeObserver(() => this.layout());
    this.resize.observe(wrap);
    overlay.addEventListener('wheel', this.onWheel, { passive: false });
    overlay.addEventListener('pointerdown', this.onDown);
    overlay.addEventListener('pointermove', this.onMove);
    overlay.addEventListener('pointerup', this.onUp);
    overlay.addEventListener('pointerleave', this.onLeave);
    this.layout();
    this.raf = requestAnimationFrame(this.frame);
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    this.resize.disconnect();
    // The canvases outlive a renderer (React re-runs the effect on the same elements in strict
    // mode), so a disposed renderer must not keep seeking and picking from its stale view.
    this.overlay.removeEventListener('wheel', this.onWheel);
    this.overlay.removeEventListener('pointerdown', this.onDown);
    this.overlay.removeEventListener('pointermove', this.onMove);
    this.overlay.removeEventListener('pointerup', this.onUp);
    this.overlay.removeEventListener('pointerleave', this.onLeave);
  }

  setData(d: TimelineData): void {
    const durationChanged = !this.data || this.data.durationMs !== d.durationMs;
    const stale = tilesStale(this.data, d);
    if (stale) this.tiles.clear();
    const resized = d.layout.total !== this.heightPx;
    this.data = d;
    if (resized) this.layout();
    if (durationChanged) this.fitted = false;
    this.fitInitial();
    // The selection is on the overlay: a new one redraws that alone.
    if (stale) this.baseDirty = true;
    this.lastPlayhead = -1;
  }

  zoom(factor: number): void {
    if (!this.data) return;
    const t = currentMs();
    const x = t >= this.view.startMs && t <= endMs(this.view) ? (t - this.view.startMs) / this.view.msPerPx : this.view.widthPx / 2;
    this.setView(zoomAt(this.view, factor, x, this.data.durationMs));
  }

  fit(): void {
    if (!this.data) return;
    this.setView(clampViewport({ startMs: 0, msPerPx: Infinity, widthPx: this.view.widthPx }, this.data.durationMs));
  }

  /** Brings a time into view (used when the selection jumps by keyboard). */
  reveal(startMs: number, stopMs: number): void {
    if (startMs >= this.view.startMs && stopMs <= endMs(this.view)) return;
    this.setView(clampViewport({ ...this.view, startMs: startMs - this.view.widthPx * this.view.msPerPx * 0.15 }, this.data?.durationMs ?? 0));
  }

  private fitInitial(): void {
    if (this.fitted || !this.data || this.view.widthPx === 0) return;
    this.fitted = true;
    const span = Math.min(this.data.durationMs, INITIAL_SPAN_MS);
    this.setView(clampViewport({ startMs: 0, msPerPx: span / this.view.widthPx, widthPx: this.view.widthPx }, this.data.durationMs));
  }

  private setView(v: Viewport): void {
    if (v.msPerPx !== this.view.msPerPx) this.lastZoomAt = performance.now();
    this.view = v;
    this.baseDirty = true;
    // Exposed for tests and the UI benchmark, which drive zoom and scroll and read where they are.
    this.host.dataset.startMs = String(Math.round(v.startMs));
    this.host.dataset.msPerPx = v.msPerPx.toFixed(3);
  }

  private layout(): void {
    const width = Math.max(1, Math.floor(this.wrap.clientWidth));
    const dpr = window.devicePixelRatio || 1;
    const height = this.data?.layout.total ?? 0;
    for (const c of [this.base, this.overlay]) {
      c.width = Math.floor(width * dpr);
      c.height = Math.floor(height * dpr);
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    // New sizes: bitmaps of the old ones are of no use.
    this.dpr = dpr;
    this.heightPx = height;
    this.tiles = new TileCache<Bitmap>();
    this.shown = null;
    this.baseCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.overlayCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const keepSpan = this.view.widthPx > 0;
    const v = { ...this.view, widthPx: width };
    if (!keepSpan) v.msPerPx = 100;
    this.setView(this.data ? clampViewport(v, this.data.durationMs) : v);
    this.fitInitial();
    this.lastPlayhead = -1;
  }

  private frame = (): void => {
    this.raf = requestAnimationFrame(this.frame);
    if (!this.data) return;
    const t = currentMs();
    const el = media();
    const playing = !!el && !el.paused;
    const jumped = this.lastPlayhead >= 0 && Math.abs(t - this.lastPlayhead) > 1000;
    // Follow the playhead a page at a time while playing, or after a jump; never while the analyst
    // is dragging, so their scroll is not fought.
    if (!this.drag && (playing || jumped) && (t < this.view.startMs || t > endMs(this.view))) {
      this.setView(clampViewport({ ...this.view, startMs: t - this.view.widthPx * this.view.msPerPx * 0.1 }, this.data.durationMs));
    }
    if (this.baseDirty && this.heightPx > 0) {
      const t0 = performance.now();
      // Until every tile in view is drawn, the next frames go on with the rest.
      const painted = this.paintBase();
      this.baseDirty = painted !== 'complete';
      // The UI benchmark reads draw costs from here when it asks for them; nothing else does.
      if (painted !== 'waiting') (window as { __attuneDrawMs?: number[] }).__attuneDrawMs?.push(performance.now() - t0);
      if (painted !== 'waiting') this.lastPlayhead = -1;
    }
    if (t !== this.lastPlayhead) {
      this.lastPlayhead = t;
      drawOverlay(this.overlayCtx, this.view, this.data, t, this.edge?.ms);
      if (this.clock) this.clock.textContent = formatClock(t, this.view.msPerPx < 20 ? 10 : 100);
    }
  };

  /**
   * The base layer from tiles: those in view at this zoom that are cached, and as many new ones as
   * the frame's budget allows (at least one); where one is missing, the last picture stretched to
   * this view. 'complete': every tile in view was there; 'partial': some are still to draw;
   * 'waiting': nothing drawn, a zoom gesture is going on and the view has not moved.
   */
  private paintBase(): 'complete' | 'partial' | 'waiting' {
    const d = this.data!;
    const v = this.view;
    const L = d.layout;
    const t0 = performance.now();
    const ready: [number, Bitmap][] = [];
    let drawn = 0;
    let complete = true;
    const shown = this.shown;
    const usable = !!shown && shown.layoutKey === L.key;
    const defer = deferTiles(t0, this.lastZoomAt, usable);
    // Mid-gesture with nothing moved since the last frame: the picture is as good as it gets.
    if (defer && shown!.view.startMs === v.startMs && shown!.view.msPerPx === v.msPerPx) return 'waiting';
    for (const i of tilesFor(v)) {
      let tile = this.tiles.get(v.msPerPx, i);
      if (!tile) {
        if (defer || (drawn > 0 && performance.now() - t0 > TILE_BUDGET_MS)) {
          complete = false;
          continue;
        }
        tile = this.tiles.take() ?? bitmap(Math.ceil(TILE_PX * this.dpr), Math.ceil(L.total * this.dpr));
        const tctx = tile.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
        tctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
        drawTile(tctx, tileView(v.msPerPx, i), d);
        this.tiles.put(v.msPerPx, i, tile);
        drawn++;
      }
      ready.push([i, tile]);
    }
    const ctx = this.baseCtx;
    // The tiles cover the whole view when none is missing; otherwise the picture shown so far,
    // stretched to this view (a canvas drawn onto itself is copied first), stands in for them.
    if (!complete) {
      const dx = shown ? (shown.view.startMs - v.startMs) / v.msPerPx : 0;
      const dw = shown ? (shown.view.widthPx * shown.view.msPerPx) / v.msPerPx : 0;
      if (usable) ctx.drawImage(this.base, 0, 0, this.base.width, this.base.height, dx, 0, dw, L.total);
      ctx.fillStyle = THEME.bg;
      if (!usable) ctx.fillRect(0, 0, v.widthPx, L.total);
      else {
        if (dx > 0) ctx.fillRect(0, 0, dx, L.total);
        if (dx + dw < v.widthPx) ctx.fillRect(dx + dw, 0, v.widthPx - dx - dw, L.total);
      }
    }
    for (const [i, tile] of ready) {
      // Whole device pixels: a tile placed between pixels would be resampled, i.e. blurred.
      const x = Math.round((i * TILE_PX - v.startMs / v.msPerPx) * this.dpr) / this.dpr;
      ctx.drawImage(tile, x, 0, TILE_PX, L.total);
    }
    this.shown = { view: v, layoutKey: L.key };
    return complete ? 'complete' : 'partial';
  }

  private onWheel = (e: WheelEvent): void => {
    if (!this.data) return;
    e.preventDefault();
    const x = e.offsetX;
    if (e.ctrlKey || e.metaKey) {
      this.setView(zoomAt(this.view, Math.exp(e.deltaY * 0.002), x, this.data.durationMs));
    } else {
      const delta = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY;
      this.setView(clampViewport({ ...this.view, startMs: this.view.startMs + delta * this.view.msPerPx }, this.data.durationMs));
    }
  };

  private onLeave = (): void => this.onHover(null);

  /** The selected segment's edge under the pointer, in its speaker's lane only (the lanes below scroll). */
  private edgeUnder(x: number, y: number): { segmentId: string; edge: 'start' | 'end' } | null {
    const d = this.data;
    if (!d?.selectedId) return null;
    const seg = d.segments.find((s) => s.id === d.selectedId);
    const lane = seg && segmentLane(d.layout, seg.speaker);
    const top = lane ? d.layout.top.get(lane.id)! : -1;
    if (!seg || !lane || y < top || y >= top + lane.height) return null;
    const edge = edgeAt(this.view, seg, x);
    return seg && edge ? { segmentId: seg.id, edge } : null;
  }

  private edgeMs(e: PointerEvent, grab: { segmentId: string; edge: 'start' | 'end' }): number | null {
    const d = this.data;
    const seg = d?.segments.find((s) => s.id === grab.segmentId);
    if (!d || !seg) return null;
    // Snap within 8 px (at most 300 ms) to the quietest point; Alt drags freely.
    return dropEdge(seg, grab.edge, xToMs(this.view, e.offsetX), { durationMs: d.durationMs, peaks: d.peaks, radiusMs: Math.min(300, 8 * this.view.msPerPx), free: e.altKey });
  }

  private onDown = (e: PointerEvent): void => {
    this.overlay.setPointerCapture(e.pointerId);
    const grab = this.edgeUnder(e.offsetX, e.offsetY);
    const at = grab && this.edgeMs(e, grab);
    if (grab && at !== null) {
      this.edge = { ...grab, ms: at };
      this.lastPlayhead = -1;
      return;
    }
    this.drag = { x: e.offsetX, startMs: this.view.startMs, moved: false };
  };

  private onMove = (e: PointerEvent): void => {
    if (!this.data) return;
    if (this.edge) {
      this.edge.ms = this.edgeMs(e, this.edge) ?? this.edge.ms;
      this.host.dataset.edgeMs = String(this.edge.ms);
      this.lastPlayhead = -1;
      return;
    }
    if (!this.drag) {
      this.overlay.style.cursor = this.edgeUnder(e.offsetX, e.offsetY) ? 'ew-resize' : '';
      const i = pickSegment(this.data.segments, this.data.maxLenMs, xToMs(this.view, e.offsetX), laneAt(this.data.layout, e.offsetY));
      this.onHover(i >= 0 ? { segmentId: this.data.segments[i].id, x: e.offsetX, y: e.offsetY } : null);
      return;
    }
    this.onHover(null);
    const dx = e.offsetX - this.drag.x;
    if (Math.abs(dx) > 3) this.drag.moved = true;
    if (this.drag.moved) this.setView(clampViewport({ ...this.view, startMs: this.drag.startMs - dx * this.view.msPerPx }, this.data.durationMs));
  };

  private onUp = (e: PointerEvent): void => {
    const edge = this.edge;
    if (edge) {
      this.edge = null;
      delete this.host.dataset.edgeMs;
      this.lastPlayhead = -1;
      const seg = this.data?.segments.find((s) => s.id === edge.segmentId);
      const at = this.edgeMs(e, edge);
      if (seg && at !== null && at !== (edge.edge === 'start' ? seg.startMs : seg.endMs)) this.onEdge(edge.segmentId, edge.edge, at);
      return;
    }
    const d = this.drag;
    this.drag = null;
    if (!d || d.moved || !this.data) return;
    const ms = Math.max(0, Math.round(xToMs(this.view, e.offsetX)));
    // In a speaker's lane, that speaker's segment: another may overlap it in time.
    const i = pickSegment(this.data.segments, this.data.maxLenMs, ms, laneAt(this.data.layout, e.offsetY));
    seekMs(ms);
    this.onPick(i >= 0 ? this.data.segments[i].id : null, ms);
  };
}
