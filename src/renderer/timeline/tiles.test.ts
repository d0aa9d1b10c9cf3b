import { describe, expect, it } from 'vitest';
import type { TimelineData } from './draw';
import { PALETTES } from './colors';
import { deferTiles, TileCache, TILE_PX, tilesFor, tilesStale, tileView, ZOOM_SETTLE_MS } from './tiles';
import { layoutTracks } from './tracks';

const segments = [{ id: 's1', recordingId: 'r', startMs: 0, endMs: 1000, speaker: 'Ada', text: 'hi' }];
const base: TimelineData = {
  durationMs: 60_000,
  segments,
  maxLenMs: 1000,
  speakerIndex: new Map([['Ada', 0]]),
  predictions: new Map(),
  labels: new Map(),
  others: new Map(),
  layout: layoutTracks({ speakers: ['Ada'], me: 'Ada', others: [] }),
  theme: PALETTES.dark,
  peaks: null,
  selectedId: null,
  loop: false,
  untrained: new Set(),
};

describe('which tiles a view needs', () => {
  it('covers the view, middle first', () => {
    const v = { startMs: 0, msPerPx: 10, widthPx: 4 * TILE_PX }; // four tiles' width
    expect(tilesFor(v).sort()).toEqual([0, 1, 2, 3]);
    expect([1, 2]).toContain(tilesFor(v)[0]);
    expect(tilesFor({ startMs: TILE_PX * 10, msPerPx: 10, widthPx: TILE_PX })).toEqual([1]);
    expect(tilesFor({ startMs: TILE_PX * 5, msPerPx: 10, widthPx: TILE_PX })).toEqual([0, 1]);
    expect(tileView(10, 2)).toEqual({ startMs: 2 * TILE_PX * 10, msPerPx: 10, widthPx: TILE_PX });
  });
});

describe('when tiles go stale', () => {
  it('a selection or loop change keeps them: the selection is drawn over the tiles', () => {
    expect(tilesStale(base, { ...base, selectedId: 's1' })).toBe(false);
    expect(tilesStale(base, { ...base, loop: true })).toBe(false);
  });
  it('a label change, new scores, peaks or segments redraw them', () => {
    expect(tilesStale(base, { ...base, labels: new Map([['s1', { score: 2 }]]) })).toBe(true);
    expect(tilesStale(base, { ...base, others: new Map([['Ben', new Map()]]) })).toBe(true);
    expect(tilesStale(base, { ...base, predictions: new Map() })).toBe(true);
    expect(tilesStale(base, { ...base, segments: [...segments] })).toBe(true);
    expect(tilesStale(base, { ...base, peaks: { peaksPerSecond: 50, peaks: new Float32Array(3) } })).toBe(true);
    expect(tilesStale(null, base)).toBe(true);
  });
  it('a theme change redraws them, and so do new lanes', () => {
    expect(tilesStale(base, { ...base, theme: PALETTES.light })).toBe(true);
    expect(tilesStale(base, { ...base, layout: layoutTracks({ speakers: null, me: 'Ada', others: [] }) })).toBe(true);
    // The same lanes built again are the same lanes.
    expect(tilesStale(base, { ...base, layout: layoutTracks({ speakers: ['Ada'], me: 'Ada', others: [] }) })).toBe(false);
  });
});

describe('during a zoom gesture', () => {
  it('tiles wait until the zoom has not changed for a moment, if there is a picture to stretch meanwhile', () => {
    expect(deferTiles(1000, 1000 - ZOOM_SETTLE_MS / 2, true)).toBe(true);
    expect(deferTiles(1000, 1000 - ZOOM_SETTLE_MS - 1, true)).toBe(false);
    expect(deferTiles(1000, 1000, false)).toBe(false); // nothing shown yet: draw at once
    expect(deferTiles(1000, -Infinity, true)).toBe(false);
  });
});

describe('the tile cache', () => {
  it('keys tiles by zoom, so a zoom misses and draws anew', () => {
    const c = new TileCache<string>();
    c.put(10, 0, 'a');
    expect(c.get(10, 0)).toBe('a');
    expect(c.get(12.5, 0)).toBeUndefined();
    expect(c.get(10, 1)).toBeUndefined();
  });
  it('evicts the least recently used and hands its bitmap to the next tile', () => {
    const c = new TileCache<string>(2);
    c.put(10, 0, 'a');
    c.put(10, 1, 'b');
    c.get(10, 0); // a is now the most recent
    c.put(10, 2, 'c');
    expect(c.get(10, 1)).toBeUndefined();
    expect(c.get(10, 0)).toBe('a');
    expect(c.take()).toBe('b');
    expect(c.take()).toBeUndefined();
  });
  it('clear drops every tile and keeps their bitmaps for reuse', () => {
    const c = new TileCache<string>(4);
    c.put(10, 0, 'a');
    c.put(10, 1, 'b');
    c.clear();
    expect(c.size).toBe(0);
    expect(c.get(10, 0)).toBeUndefined();
    expect([c.take(), c.take()].sort()).toEqual(['a', 'b']);
  });
});
