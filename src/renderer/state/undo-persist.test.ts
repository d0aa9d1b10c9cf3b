import { describe, expect, it, vi } from 'vitest';
import type { Label, Segment } from './store';

/**
 * The undo history outlives the window (issue 18, item 7): every step is stored with the project,
 * and a window that opens later (a fresh module: a reload) reads it back and can undo and redo it.
 */
const h = vi.hoisted(() => ({ api: null as unknown, reported: [] as string[], refresh: { segments: async () => {}, labels: async () => {} } }));

vi.mock('./session', () => ({
  getApi: () => h.api,
  openRecording: async () => {},
  refreshQueue: async () => {},
  refreshLabels: () => h.refresh.labels(),
  refreshSegments: () => h.refresh.segments(),
  report: (err: unknown) => h.reported.push(err instanceof Error ? err.message : String(err)),
}));

/** The project's side: segments, labels and the stored history (what survives a reload). */
function backend() {
  const segs: Segment[] = [
    { id: 'a', recordingId: 'r1', startMs: 0, endMs: 1000, speaker: 'Ada', text: 'one two' },
    { id: 'b', recordingId: 'r1', startMs: 1200, endMs: 2000, speaker: 'Ada', text: 'three' },
  ];
  const labels = new Map<string, Label>();
  let stored: unknown = { done: [], undone: [], renamed: [] };
  const saves: unknown[] = [];
  let n = 0;
  const get = (id: string) => segs.find((x) => x.id === id) ?? (() => { throw new Error(`no segment '${id}'`); })();
  const api = {
    undoStack: async () => structuredClone(stored),
    saveUndoStack: async (req: unknown) => {
      stored = structuredClone(req);
      saves.push(stored);
      return {};
    },
    setLabel: async ({ segmentId, score, note }: { segmentId: string; score: number; note?: string | null }) => {
      get(segmentId);
      const l = { segmentId, score, note: note ?? null, updatedAt: '2026-12-01T00:00:00Z' };
      labels.set(segmentId, l);
      return l;
    },
    clearLabel: async ({ segmentId }: { segmentId: string }) => {
      labels.delete(segmentId);
      return { segmentId };
    },
    splitSegment: async ({ segmentId, atMs }: { segmentId: string; atMs: number }) => {
      const s = get(segmentId);
      const second = { ...s, id: `new-${++n}`, startMs: atMs };
      s.endMs = atMs;
      segs.push(second);
      return [{ ...s }, { ...second }];
    },
    mergeSegments: async ({ segmentId }: { segmentId: string }) => {
      const s = get(segmentId);
      const next = segs.filter((x) => x.startMs > s.startMs).sort((x, y) => x.startMs - y.startMs)[0];
      s.endMs = next.endMs;
      segs.splice(segs.indexOf(next), 1);
      return { ...s };
    },
    updateSegmentBounds: async ({ segmentId, startMs, endMs }: { segmentId: string; startMs: number; endMs: number }) => ({ ...Object.assign(get(segmentId), { startMs, endMs }) }),
    updateSegmentText: async ({ segmentId, text }: { segmentId: string; text: string }) => ({ ...Object.assign(get(segmentId), { text }) }),
    setSpeaker: async ({ segmentIds, speaker }: { segmentIds: string[]; speaker: string | null }) => segmentIds.map((id) => ({ ...Object.assign(get(id), { speaker }) })),
  };
  return { api, segs, labels, saves, stored: () => stored, bounds: () => segs.map((s) => [s.startMs, s.endMs]).sort((x, y) => x[0] - y[0]) };
}

/** A window as it opens: fresh modules (nothing kept in memory), the project's data loaded. */
async function openWindow(b: ReturnType<typeof backend>) {
  vi.resetModules();
  const edits = await import('./edits');
  const store = await import('./store');
  const player = await import('./player');
  h.api = b.api;
  h.refresh.segments = async () => store.setState({ segmentsByRecording: new Map([['r1', b.segs.map((s) => ({ ...s })).sort((x, y) => x.startMs - y.startMs)]]) });
  h.refresh.labels = async () => store.setState({ labels: new Map(b.labels) });
  await h.refresh.segments();
  await h.refresh.labels();
  store.setState({ recordingId: 'r1', selectedId: 'a' });
  player.attachMedia({ currentTime: 0.5, dataset: {}, pause() {} } as unknown as HTMLVideoElement);
  await edits.loadHistory();
  return { ...edits, ...store };
}

describe('the undo history across a reload (issue 18, item 7)', () => {
  it('stores every step as a command, and a new window undoes and redoes them in order', async () => {
    const b = backend();
    let w = await openWindow(b);
    await w.setLabel('a', 2);
    await w.splitAtPlayhead();
    await w.nudge('end', 100); // the first half: 0-600
    await w.setLabel('b', -1, 'flat');
    await w.historySaved();
    expect(b.stored()).toMatchObject({ done: [{ kind: 'label', segmentId: 'a', before: null, after: { score: 2, note: null } }, { kind: 'split', first: 'a', atMs: 500 }, { kind: 'bounds', segmentId: 'a', edge: 'end', before: { startMs: 0, endMs: 500 }, after: { startMs: 0, endMs: 600 } }, { kind: 'label', segmentId: 'b', after: { score: -1, note: 'flat' } }], undone: [] });
    expect(b.bounds()).toEqual([[0, 600], [500, 1000], [1200, 2000]]);

    // Reload: nothing of the old window's memory is left.
    w = await openWindow(b);
    expect(w.getState().undoDepth).toBe(4);
    await w.undo();
    await w.undo();
    expect(b.labels.has('b')).toBe(false);
    expect(b.bounds()).toEqual([[0, 500], [500, 1000], [1200, 2000]]);
    await w.historySaved();
    expect(b.stored()).toMatchObject({ done: { length: 2 }, undone: [{ kind: 'label', segmentId: 'b' }, { kind: 'bounds' }] });

    // Reload again: redo finds what the last window undid.
    w = await openWindow(b);
    expect([w.getState().undoDepth, w.getState().redoDepth]).toEqual([2, 2]);
    await w.redo();
    expect(b.bounds()).toEqual([[0, 600], [500, 1000], [1200, 2000]]);
    await w.undo();
    await w.undo(); // the split
    await w.undo(); // a's label
    expect(h.reported).toEqual([]);
    expect(b.bounds()).toEqual([[0, 1000], [1200, 2000]]);
    expect(b.labels.size).toBe(0);

    // Redo of the split (a new id for the second half) and a new window still undoes it.
    await w.redo();
    await w.redo();
    await w.historySaved();
    const second = (b.stored() as { renamed: [string, string][] }).renamed;
    expect(second).toHaveLength(1);
    w = await openWindow(b);
    await w.undo();
    expect(h.reported).toEqual([]);
    expect(b.bounds()).toEqual([[0, 1000], [1200, 2000]]);
  });

  it('keeps a step made before the stored history arrived on top of it', async () => {
    const b = backend();
    let w = await openWindow(b);
    await w.setLabel('a', 1);
    await w.historySaved();
    vi.resetModules();
    w = { ...(await import('./edits')), ...(await import('./store')) };
    h.refresh.labels = async () => w.setState({ labels: new Map(b.labels) });
    await w.setLabel('b', 3); // before loadHistory
    await w.loadHistory();
    await w.historySaved();
    expect((b.stored() as { done: { segmentId: string }[] }).done.map((c) => c.segmentId)).toEqual(['a', 'b']);
    await w.undo();
    expect(b.labels.has('b')).toBe(false);
    expect(b.labels.get('a')?.score).toBe(1);
  });

  it('text edits, a speaker renamed everywhere and one reassigned: each one undo step, also after a reload', async () => {
    const b = backend();
    b.segs.push({ id: 'c', recordingId: 'r1', startMs: 2500, endMs: 3000, speaker: 'Ben', text: 'four' });
    let w = await openWindow(b);
    const people = () => b.segs.map((s) => [s.id, s.speaker, s.text]);
    expect(await w.editText('a', 'one, two')).toBe(true);
    expect(await w.editText('a', 'one, two')).toBe(false); // nothing changed: no step
    expect(w.segmentsOfSpeaker('a')).toEqual(['a', 'b']);
    expect(await w.assignSpeaker(w.segmentsOfSpeaker('a'), ' Ada L. ')).toBe(true);
    expect(await w.assignSpeaker(['c'], 'Ada L.')).toBe(true);
    expect(people()).toEqual([['a', 'Ada L.', 'one, two'], ['b', 'Ada L.', 'three'], ['c', 'Ada L.', 'four']]);
    await w.historySaved();
    expect((b.stored() as { done: unknown[] }).done).toEqual([
      { kind: 'text', segmentId: 'a', before: 'one two', after: 'one, two' },
      { kind: 'speaker', changes: [['a', 'Ada'], ['b', 'Ada']], after: 'Ada L.' },
      { kind: 'speaker', changes: [['c', 'Ben']], after: 'Ada L.' },
    ]);
    w = await openWindow(b);
    await w.undo();
    expect(people()).toEqual([['a', 'Ada L.', 'one, two'], ['b', 'Ada L.', 'three'], ['c', 'Ben', 'four']]);
    await w.undo();
    await w.undo();
    expect(h.reported).toEqual([]);
    expect(people()).toEqual([['a', 'Ada', 'one two'], ['b', 'Ada', 'three'], ['c', 'Ben', 'four']]);
    await w.redo();
    await w.redo();
    expect(people()).toEqual([['a', 'Ada L.', 'one, two'], ['b', 'Ada L.', 'three'], ['c', 'Ben', 'four']]);
  });
});
