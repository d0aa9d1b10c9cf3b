/**
 * The timeline's base layer as cached bitmaps (bench:ui, issue 18): the lanes are drawn in tiles
 * TILE_PX wide at one zoom and kept, so a scroll draws only the tiles coming into view and a
 * selection change draws none; a zoom or a data change draws them again, a few per frame, the
 * previous picture stretched in the meantime. What is pure here (which tiles, when they are stale)
 * is kept apart from the canvases so it can be tested.
 */
import type { TimelineData } from './draw';
import type { Viewport } from './viewport';

/** A multiple of the hatching's 10 px period, so hatched lanes join across tiles; small, so one tile is cheap. */
export const TILE_PX = 160;

/** A zoom this recent (ms) is taken as a gesture still going on: its tiles would be thrown away at the next step. */
export const ZOOM_SETTLE_MS = 120;

/**
 * Whether to leave the tiles for later and only stretch the picture shown: while the zoom keeps
 * changing, drawing tiles for a zoom about to be left is wasted frame time.
 */
export function deferTiles(nowMs: number, lastZoomMs: number, hasPicture: boolean): boolean {
  return hasPicture && nowMs - lastZoomMs < ZOOM_SETTLE_MS;
}

/** Tile indexes covering the view at its zoom, the ones nearest its middle first (they are drawn first). */
export function tilesFor(v: Viewport): number[] {
  const span = TILE_PX * v.msPerPx;
  const first = Math.floor(v.startMs / span);
  const last = Math.floor((v.startMs + v.widthPx * v.msPerPx - 1e-6) / span);
  const mid = (v.startMs + (v.widthPx * v.msPerPx) / 2) / span - 0.5;
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
}

/** The view a tile is drawn in: the same zoom, its left edge at x = 0. */
export function tileView(msPerPx: number, index: number): Viewport {
  return { startMs: index * TILE_PX * msPerPx, msPerPx, widthPx: TILE_PX };
}

/**
 * Whether new data changes what tiles show. The selection and the loop are drawn over the tiles
 * each time, so changing them keeps every tile; anything a lane draws (segments, scores, labels,
 * peaks, lanes, palette) makes them all stale. Fields are compared by identity: the store replaces
 * a map when it changes it.
 */
export function tilesStale(prev: TimelineData | null, next: TimelineData): boolean {
  if (!prev) return true;
  return (
    prev.durationMs !== next.durationMs ||
    prev.segments !== next.segments ||
    prev.maxLenMs !== next.maxLenMs ||
    prev.speakerIndex !== next.speakerIndex ||
    prev.predictions !== next.predictions ||
    prev.labels !== next.labels ||
    prev.others !== next.others ||
    prev.peaks !== next.peaks ||
    prev.untrained !== next.untrained ||
    prev.absent !== next.absent ||
    prev.layout.key !== next.layout.key ||
    prev.theme !== next.theme
  );
}

/**
 * Tiles by (zoom, index), least recently used evicted first; an evicted tile's bitmap is handed to
 * the next one drawn, so scrolling allocates nothing once the cache is full.
 */
export class TileCache<T> {
  private tiles = new Map<string, T>();
  private spare: T[] = [];

  constructor(private readonly limit = 96) {}

  private static key(msPerPx: number, index: number): string {
    return `${msPerPx}:${index}`;
  }

  get(msPerPx: number, index: number): T | undefined {
    const k = TileCache.key(msPerPx, index);
    const t = this.tiles.get(k);
    if (t !== undefined) {
      this.tiles.delete(k);
      this.tiles.set(k, t);
    }
    return t;
  }

  put(msPerPx: number, index: number, tile: T): void {
    this.tiles.set(TileCache.key(msPerPx, index), tile);
    while (this.tiles.size > this.limit) {
      const [k, old] = this.tiles.entries().next().value as [string, T];
      this.tiles.delete(k);
      this.spare.push(old);
    }
  }

  /** A bitmap to draw a new tile into: an evicted one if there is one. */
  take(): T | undefined {
    return this.spare.pop();
  }

  /** Every tile is stale (data, lanes or palette changed, or the canvas was resized). */
  clear(): void {
    for (const t of this.tiles.values()) this.spare.push(t);
    this.tiles.clear();
    this.spare.length = Math.min(this.spare.length, this.limit);
  }

  get size(): number {
    return this.tiles.size;
  }
}
