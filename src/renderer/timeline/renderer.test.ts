import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimelineRenderer } from './renderer';

/** An element that keeps its listeners, so a test can see what a renderer leaves behind. */
function fakeElement() {
  const listeners = new Map<string, Set<unknown>>();
  const ctx = new Proxy({}, { get: () => () => {} });
  return {
    listeners,
    clientWidth: 800,
    style: {} as Record<string, string>,
    dataset: {} as Record<string, string>,
    width: 0,
    height: 0,
    getContext: () => ctx,
    setPointerCapture: () => {},
    addEventListener: (type: string, fn: unknown) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    removeEventListener: (type: string, fn: unknown) => listeners.get(type)?.delete(fn),
  };
}

describe('TimelineRenderer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('removes every listener it put on the canvas when disposed', () => {
    vi.stubGlobal('window', { devicePixelRatio: 1 });
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
    const overlay = fakeElement();
    const el = () => fakeElement() as unknown as HTMLElement;
    const r = new TimelineRenderer(el(), el(), el() as HTMLCanvasElement, overlay as unknown as HTMLCanvasElement, null, () => {});
    expect([...overlay.listeners.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(0);
    r.dispose();
    expect([...overlay.listeners.entries()].filter(([, s]) => s.size > 0).map(([t]) => t)).toEqual([]);
  });
});

describe('TimelineRenderer tiles', () => {
  afterEach(() => vi.restoreAllMocks());

  it('redraws tiles for a label change, a zoom (once the gesture pauses) and a theme change, not for a selection', async () => {
    const { layoutTracks } = await import('./tracks');
    const { PALETTES } = await import('./colors');
    let frame: (() => void) | null = null;
    let now = 1000;
    let tileDraws = 0;
    const noop = new Proxy({}, { get: () => () => {} });
    vi.stubGlobal('window', { devicePixelRatio: 1 });
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => ((frame = f), 1));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
    vi.stubGlobal('OffscreenCanvas', class {
      constructor(public width: number, public height: number) {}
      getContext() {
        tileDraws++;
        return noop;
      }
    });
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const el = () => fakeElement() as unknown as HTMLElement;
    const r = new TimelineRenderer(el(), el(), el() as HTMLCanvasElement, el() as HTMLCanvasElement, null, () => {});
    const segments = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, recordingId: 'r', startMs: i * 3000, endMs: i * 3000 + 2500, speaker: i % 2 ? 'Ben' : 'Ada', text: 'words' }));
    const data = {
      durationMs: 300_000, segments, maxLenMs: 2500, speakerIndex: new Map([['Ada', 0], ['Ben', 1]]), predictions: new Map(), labels: new Map(),
      others: new Map(), layout: layoutTracks({ speakers: ['Ada', 'Ben'], me: 'Ada', others: [] }), theme: PALETTES.dark, peaks: null, selectedId: null, loop: false, untrained: new Set<never>(),
    };
    const draws = (step: () => void) => {
      step();
      tileDraws = 0;
      for (let i = 0; i < 20; i++) {
        now += 200; // past any zoom gesture, and past each frame's budget
        frame!();
      }
      return tileDraws;
    };
    const inView = Math.ceil(800 / 160); // the fake host is 800 px wide; tiles are 160 px
    expect(draws(() => r.setData(data))).toBeGreaterThanOrEqual(inView);
    expect(draws(() => r.setData({ ...data, selectedId: 's3' }))).toBe(0);
    expect(draws(() => r.setData({ ...data, selectedId: 's3', labels: new Map([['s3', { score: 2 }]]) }))).toBeGreaterThanOrEqual(inView);
    const labelled = { ...data, selectedId: 's3', labels: new Map([['s3', { score: 2 }]]) };
    r.setData(labelled);
    draws(() => {});
    // Mid-gesture no tile is drawn; after it, the new zoom's tiles are.
    r.zoom(0.5);
    tileDraws = 0;
    frame!();
    expect(tileDraws).toBe(0);
    expect(draws(() => {})).toBeGreaterThanOrEqual(inView);
    expect(draws(() => r.setData({ ...labelled, theme: PALETTES.light }))).toBeGreaterThanOrEqual(inView);
    r.dispose();
  });
});
