import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Label, Segment } from './store';

const h = vi.hoisted(() => ({ api: null as unknown, reported: [] as string[], refresh: { segments: async () => {}, labels: async () => {} } }));

vi.mock('./session', () => ({
  getApi: () => h.api,
  openRecording: async () => {},
  refreshQueue: async () => {},
  refreshLabels: () => h.refresh.labels(),
  refreshSegments: () => h.refresh.segments(),
  report: (err: unknown) => h.reported.push(err instanceof Error ? err.message : String(err)),
}));

const { mergeWithNext, nudge, redo, setLabel, splitAtPlayhead, undo } = await import('./edits');
const { attachMedia } = await import('./player');
const { getState, setState } = await import('./store');

describe('label save state', () => {
  it('says saved only once the newest write to the segment resolved', async () => {
    const answers: { resolve: () => void; reject: (e: unknown) => void }[] = [];
    h.api = {
      setLabel: (req: { segmentId: string; score: number; note: string | null }) =>
        new Promise((resolve, reject) => answers.push({ resolve: () => resolve({ ...req, updatedAt: '2026-11-26T00:00:00Z' }), reject })),
    };
    const first = setLabel('s1', 1);
    const second = setLabel('s1', 2);
    expect(getState().saveState.get('s1')).toBe('saving');
    answers[0].resolve();
    await first;
    // The older write is durable, but the score on screen is the newer one, still on its way.
    expect(getState().saveState.get('s1')).toBe('saving');
    answers[1].reject(new Error('disk full'));
    await second;
    expect(getState().saveState.get('s1')).toBe('error');

    const third = setLabel('s1', 3);
    answers[2].resolve();
    await third;
    expect(getState().saveState.get('s1')).toBe('saved');
    expect(getState().labels.get('s1')?.score).toBe(3);
  });
});

/** The backend's segment edits in memory, with its id rules: the first part keeps its id, a new second part gets a new one. */
let n = 0; // ids unique across tests, as the backend's are
function fakeBackend(initial: [string, number, number][]) {
  const segs: Segment[] = initial.map(([id, startMs, endMs]) => ({ id, recordingId: 'r1', startMs, endMs, speaker: null, text: '' }));
  const labels = new Map<string, Label>();
  const stash: { first: Segment; second: Segment }[] = [];
  const get = (id: string) => {
    const s = segs.find((x) => x.id === id);
    if (!s) throw new Error(`no segment '${id}'`);
    return s;
  };
  const next = (s: Segment) => segs.filter((x) => x.startMs > s.startMs || (x.startMs === s.startMs && x.id > s.id)).sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1))[0];
  h.api = {
    splitSegment: async ({ segmentId, atMs }: { segmentId: string; atMs: number }) => {
      const s = get(segmentId);
      const second = { ...s, id: `new-${++n}`, startMs: atMs };
      s.endMs = atMs;
      segs.push(second);
      return [{ ...s }, { ...second }];
    },
    mergeSegments: async ({ segmentId }: { segmentId: string }) => {
      const s = get(segmentId);
      const nx = next(s);
      stash.push({ first: { ...s }, second: { ...nx } });
      s.endMs = Math.max(s.endMs, nx.endMs);
      segs.splice(segs.indexOf(nx), 1);
      return { ...s };
    },
    unmergeSegments: async ({ segmentId, swallowedId }: { segmentId: string; swallowedId: string }) => {
      const i = stash.findLastIndex((m) => m.first.id === segmentId && m.second.id === swallowedId);
      if (i < 0) throw new Error(`no merge of ${segmentId} with ${swallowedId} to undo`);
      const [m] = stash.splice(i, 1);
      Object.assign(get(segmentId), m.first);
      segs.push({ ...m.second });
      return [{ ...m.first }, { ...m.second }];
    },
    updateSegmentBounds: async ({ segmentId, startMs, endMs }: { segmentId: string; startMs: number; endMs: number }) => ({ ...Object.assign(get(segmentId), { startMs, endMs }) }),
    setLabel: async ({ segmentId, score, note }: { segmentId: string; score: number; note?: string | null }) => {
      get(segmentId);
      const l = { segmentId, score, note: note ?? null, updatedAt: '2026-11-26T00:00:00Z' };
      labels.set(segmentId, l);
      return l;
    },
    clearLabel: async ({ segmentId }: { segmentId: string }) => {
      get(segmentId);
      labels.delete(segmentId);
      return { segmentId };
    },
  };
  h.refresh.segments = async () => setState({ segmentsByRecording: new Map([['r1', segs.map((s) => ({ ...s })).sort((a, b) => a.startMs - b.startMs)]]) });
  h.refresh.labels = async () => setState({ labels: new Map(labels) });
  return { segs, labels, bounds: () => segs.map((s) => [s.startMs, s.endMs]).sort((a, b) => a[0] - b[0]) };
}

async function start(initial: [string, number, number][], selectedId: string) {
  const backend = fakeBackend(initial);
  await h.refresh.segments();
  await h.refresh.labels();
  setState({ recordingId: 'r1', selectedId });
  return backend;
}

describe('undo and redo of segment edits', () => {
  beforeEach(() => {
    // Entries of earlier tests stay on the stack below; each test undoes only what it did.
    h.reported.length = 0;
    attachMedia({ currentTime: 0, dataset: {}, pause() {} } as unknown as HTMLVideoElement);
  });

  it('replays a label and a nudge on the second half of a split after undoing and redoing the split', async () => {
    const b = await start([['a', 0, 1000], ['z', 2000, 3000]], 'a');
    attachMedia({ currentTime: 0.5, dataset: {}, pause() {} } as unknown as HTMLVideoElement);
    await splitAtPlayhead();
    const second = b.segs.find((s) => s.startMs === 500)!.id;
    setState({ selectedId: second });
    await setLabel(second, 2);
    await nudge('end', 100);
    expect(b.bounds()).toEqual([[0, 500], [500, 1100], [2000, 3000]]);
    for (let i = 0; i < 3; i++) await undo();
    expect(b.bounds()).toEqual([[0, 1000], [2000, 3000]]);
    for (let i = 0; i < 3; i++) await redo();
    expect(h.reported).toEqual([]);
    expect(b.bounds()).toEqual([[0, 500], [500, 1100], [2000, 3000]]);
    const again = b.segs.find((s) => s.startMs === 500)!.id;
    expect(b.labels.get(again)?.score).toBe(2);
  });

  it('undoes a merge exactly: the swallowed segment comes back with its own id and label', async () => {
    const b = await start([['a', 0, 1000], ['b', 1200, 2000]], 'a');
    await setLabel('b', -2);
    setState({ selectedId: 'a' });
    await mergeWithNext();
    expect(b.bounds()).toEqual([[0, 2000]]);
    await undo();
    expect(h.reported).toEqual([]);
    expect(b.segs.map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(b.bounds()).toEqual([[0, 1000], [1200, 2000]]);
    expect(b.labels.get('b')?.score).toBe(-2);
    await redo();
    expect(h.reported).toEqual([]);
    expect(b.bounds()).toEqual([[0, 2000]]);
    await undo();
    await undo(); // b's label
    expect(h.reported).toEqual([]);
    expect(b.labels.get('b')).toBeUndefined();
  });

  it('refuses to merge across speakers or two different labels, with a notice, and calls nothing', async () => {
    const b = await start([['a', 0, 1000], ['b', 1200, 2000], ['c', 2500, 3000]], 'a');
    b.segs[1].speaker = 'Ben';
    await h.refresh.segments();
    const notices = () => getState().notices.map((n) => n.message);
    await mergeWithNext();
    expect(notices().at(-1)).toMatch(/next segment is Ben's.*one speaker's segments only/);
    b.segs[1].speaker = null;
    await h.refresh.segments();
    await setLabel('a', 1);
    await setLabel('b', -1);
    setState({ selectedId: 'a' });
    await mergeWithNext();
    expect(notices().at(-1)).toMatch(/both segments are labelled, \+1 and -1/);
    expect(b.bounds()).toEqual([[0, 1000], [1200, 2000], [2500, 3000]]);
  });

  it('refuses to undo a split by merging a cross-talk segment that starts between the halves', async () => {
    const b = await start([['a', 0, 10_000], ['z', 3000, 5000]], 'a');
    attachMedia({ currentTime: 6, dataset: {}, pause() {} } as unknown as HTMLVideoElement);
    await splitAtPlayhead();
    await undo();
    expect(h.reported).toHaveLength(1);
    expect(h.reported[0]).toMatch(/Cannot undo the split/);
    expect(b.segs.map((s) => s.id)).toContain('z');
  });
});

describe('error notices (issue 18, item 7)', () => {
  it('a failed label write says so once, and the notice goes when a later write to it succeeds', async () => {
    let fail = true;
    h.api = {
      setLabel: async (req: { segmentId: string; score: number; note: string | null }) => {
        if (fail) throw new Error('the host is not answering');
        return { ...req, updatedAt: '2026-11-26T00:00:00Z' };
      },
    };
    // report() is mocked to a list here; the store's own notices show the keyed behaviour.
    const { pushNotice, clearNotices } = await import('./store');
    setState({ notices: [] });
    pushNotice('error', 'the host is not answering', 'label:s9');
    pushNotice('error', 'the host is not answering', 'label:s9');
    pushNotice('error', 'disk full', 'label:s9');
    expect(getState().notices.map((n) => n.message)).toEqual(['disk full']);
    pushNotice('error', 'something else');
    pushNotice('error', 'something else');
    expect(getState().notices.map((n) => n.message)).toEqual(['disk full', 'something else']);
    expect(await setLabel('s9', 1)).toBe(false);
    fail = false;
    expect(await setLabel('s9', 1)).toBe(true);
    expect(getState().notices.map((n) => n.message)).toEqual(['something else']);
    clearNotices('nothing');
    expect(getState().notices).toHaveLength(1);
  });
});

describe('a note saved on blur (issue 18, defect 3)', () => {
  it('stays with the label when a score key follows before the save came back', async () => {
    const sent: { score: number; note: string | null }[] = [];
    const answers: (() => void)[] = [];
    h.api = {
      setLabel: (req: { segmentId: string; score: number; note: string | null }) => {
        sent.push({ score: req.score, note: req.note });
        return new Promise((resolve) => answers.push(() => resolve({ ...req, updatedAt: '2026-11-26T00:00:00Z' })));
      },
    };
    setState({ labels: new Map([['n1', { segmentId: 'n1', score: 1, note: null, updatedAt: '2026-11-26T00:00:00Z' }]]) });
    const blurSave = setLabel('n1', 1, 'typed on blur');
    const key = setLabel('n1', -2);
    expect(sent).toEqual([{ score: 1, note: 'typed on blur' }, { score: -2, note: 'typed on blur' }]);
    answers.forEach((a) => a());
    await Promise.all([blurSave, key]);
    expect(getState().labels.get('n1')).toMatchObject({ score: -2, note: 'typed on blur' });
  });
});
