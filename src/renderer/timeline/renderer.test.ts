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
