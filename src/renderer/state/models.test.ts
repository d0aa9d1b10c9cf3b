import { describe, expect, it } from 'vitest';
import { untrainedHeads } from './models';

const version = (active: boolean, config: Record<string, unknown>, dataSummary: Record<string, unknown> = {}) => ({
  id: active ? 'v2' : 'v1', createdAt: '', parent: null, active, source: 'default', metrics: {}, config, dataSummary,
});

describe('untrainedHeads', () => {
  it('reads the active version only, in either shape', () => {
    expect([...untrainedHeads([version(false, { untrainedHeads: ['text'] }), version(true, { untrainedHeads: ['video', 'bogus'] })])]).toEqual(['video']);
    expect([...untrainedHeads([version(true, { heads: { audio: { trained: false }, text: { trained: true } } })])]).toEqual(['audio']);
    expect(untrainedHeads([version(true, {}, { heads: { video: { untrained: true } } })]).has('video')).toBe(true);
    expect(untrainedHeads([]).size).toBe(0);
    expect([...untrainedHeads([version(true, { trainedHeads: ['text', 'audio'] })])]).toEqual(['video']);
  });
});
