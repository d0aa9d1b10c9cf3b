import { currentMs, media, seekMs } from '../state/player';
import { drawBase, drawOverlay, type TimelineData } from './draw';
import { dropEdge, edgeAt } from './edge-drag';
import { TOTAL_HEIGHT, TRACKS, trackTop } from './tracks';
import { clampViewport, endMs, formatClock, itemAt, xToMs, zoomAt, type Viewport } from './viewport';

const INITIAL_SPAN_MS = 120_000;

/**
 * Owns the two timeline canvases. The base layer is redrawn only when the view or the data change;
 * the overlay (playhead) each frame the media time moved. The media element is the clock: nothing
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
    this.data = d;
    if (durationChanged) this.fitted = false;
    this.fitInitial();
    this.baseDirty = true;
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
    this.view = v;
    this.baseDirty = true;
    // Exposed for tests and the UI benchmark, which drive zoom and scroll and read where they are.
    this.host.dataset.startMs = String(Math.round(v.startMs));
    this.host.dataset.msPerPx = v.msPerPx.toFixed(3);
  }

  private layout(): void {
    const width = Math.max(1, Math.floor(this.wrap.clientWidth));
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.base, this.overlay]) {
      c.width = Math.floor(width * dpr);
      c.height = Math.floor(TOTAL_HEIGHT * dpr);
      c.style.width = `${width}px`;
      c.style.height = `${TOTAL_HEIGHT}px`;
    }
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
    if (this.baseDirty) {
      this.baseDirty = false;
      const t0 = performance.now();
      drawBase(this.baseCtx, this.view, this.data);
      // The UI benchmark reads draw costs from here when it asks for them; nothing else does.
      (window as { __attuneDrawMs?: number[] }).__attuneDrawMs?.push(performance.now() - t0);
      this.lastPlayhead = -1;
    }
    if (t !== this.lastPlayhead) {
      this.lastPlayhead = t;
      drawOverlay(this.overlayCtx, this.view, t, this.edge?.ms);
      if (this.clock) this.clock.textContent = formatClock(t, this.view.msPerPx < 20 ? 10 : 100);
    }
  };

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

  /** The selected segment's edge under the pointer, in the speaker lane only (the lanes below scroll). */
  private edgeUnder(x: number, y: number): { segmentId: string; edge: 'start' | 'end' } | null {
    const d = this.data;
    if (!d?.selectedId) return null;
    const top = trackTop('segments');
    if (y < top || y >= top + TRACKS.find((t) => t.id === 'segments')!.height) return null;
    const seg = d.segments.find((s) => s.id === d.selectedId);
    const edge = seg ? edgeAt(this.view, seg, x) : null;
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
      const i = itemAt(this.data.segments, xToMs(this.view, e.offsetX), this.data.maxLenMs);
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
    const i = itemAt(this.data.segments, ms, this.data.maxLenMs);
    seekMs(ms);
    this.onPick(i >= 0 ? this.data.segments[i].id : null, ms);
  };
}
