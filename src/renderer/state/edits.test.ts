import { describe, expect, it, vi } from 'vitest';

/** setLabel calls the test answers by hand, in order. */
const answers: { resolve: (v: unknown) => void; reject: (e: unknown) => void; score: number }[] = [];

vi.mock('./session', () => ({
  getApi: () => ({
    setLabel: (req: { segmentId: string; score: number; note: string | null }) =>
      new Promise((resolve, reject) => answers.push({ resolve: () => resolve({ ...req, updatedAt: '2026-11-26T00:00:00Z' }), reject, score: req.score })),
  }),
  openRecording: async () => {},
  refreshQueue: async () => {},
  refreshLabels: async () => {},
  refreshSegments: async () => {},
  report: () => {},
}));

const { setLabel } = await import('./edits');
const { getState } = await import('./store');

describe('label save state', () => {
  it('says saved only once the newest write to the segment resolved', async () => {
    const first = setLabel('s1', 1);
    const second = setLabel('s1', 2);
    expect(getState().saveState.get('s1')).toBe('saving');
    answers[0].resolve(undefined);
    await first;
    // The older write is durable, but the score on screen is the newer one, still on its way.
    expect(getState().saveState.get('s1')).toBe('saving');
    answers[1].reject(new Error('disk full'));
    await second;
    expect(getState().saveState.get('s1')).toBe('error');

    const third = setLabel('s1', 3);
    answers[2].resolve(undefined);
    await third;
    expect(getState().saveState.get('s1')).toBe('saved');
    expect(getState().labels.get('s1')?.score).toBe(3);
  });
});
