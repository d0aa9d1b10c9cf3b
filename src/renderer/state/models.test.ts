import { describe, expect, it } from 'vitest';
import { ModelVersionSchema, type UnimodalHead } from '../../shared/contract';
import { headNotes, untrainedHeads } from './models';

const version = (active: boolean, trainedHeads: UnimodalHead[], config: Record<string, unknown> = {}, notes: Record<string, string> = {}) =>
  ModelVersionSchema.parse({ id: active ? 'v2' : 'v1', createdAt: '', parent: null, active, source: 'default', metrics: {}, trainedHeads, headNotes: notes, config, dataSummary: {} });

describe('untrainedHeads', () => {
  it("reads the active version's trainedHeads field only", () => {
    expect([...untrainedHeads([version(false, []), version(true, ['text', 'audio'])])]).toEqual(['video']);
    expect([...untrainedHeads([version(true, ['text'])])]).toEqual(['audio', 'video']);
    expect(untrainedHeads([version(true, ['text', 'audio', 'video'])]).size).toBe(0);
    expect(untrainedHeads([]).size).toBe(0);
    // The config no longer decides (the old guessed shapes are gone): the typed field does.
    expect([...untrainedHeads([version(true, ['text', 'audio', 'video'], { untrainedHeads: ['video'], heads: { audio: { trained: false } } })])]).toEqual([]);
  });

  it("headNotes reads the active version's headNotes field", () => {
    expect(headNotes([version(false, [], {}, { text: 'old' }), version(true, ['text'], { heads: { text: { note: 'ignored' } } }, { text: 'MOSI + MELD' })])).toEqual({ text: 'MOSI + MELD' });
    expect(headNotes([])).toEqual({});
  });

  it('a version without trainedHeads is not a ModelVersion', () => {
    expect(ModelVersionSchema.safeParse({ id: 'v', createdAt: '', parent: null, active: true, source: '', metrics: {}, config: {}, dataSummary: {} }).success).toBe(false);
  });
});
