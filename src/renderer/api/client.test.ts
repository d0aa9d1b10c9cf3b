import { describe, expect, it } from 'vitest';
import { createApi } from './client';
import { ApiError, describeError, type Transport } from './transport';

function fakeTransport(answer: (method: string, params: unknown) => unknown): Transport & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    kind: 'browser',
    calls,
    call: async (method, params) => {
      calls.push([method, params]);
      return answer(method, params);
    },
    onEvent: () => () => {},
    onConnection: () => () => {},
    serverPathFor: async () => '/x',
    saveExport: async () => null,
  };
}

const label = { segmentId: 's1', score: 2, note: null, updatedAt: '2026-11-26T00:00:00Z' };

describe('renderer API client', () => {
  it('sends validated requests and returns responses that match the contract', async () => {
    const t = fakeTransport(() => label);
    const api = createApi(t);
    await expect(api.setLabel({ segmentId: 's1', score: 2 })).resolves.toEqual(label);
    expect(t.calls).toEqual([['setLabel', { segmentId: 's1', score: 2 }]]);
  });

  it('refuses a request outside the contract before it reaches the host', async () => {
    const t = fakeTransport(() => label);
    await expect(createApi(t).setLabel({ segmentId: 's1', score: 4 })).rejects.toThrow(/setLabel/);
    expect(t.calls).toHaveLength(0);
  });

  it('rejects a response outside the contract instead of showing it as saved', async () => {
    const t = fakeTransport(() => ({ segmentId: 's1', score: 'two' }));
    await expect(createApi(t).setLabel({ segmentId: 's1', score: 2 })).rejects.toThrow(/outside the contract/);
  });

  it('keeps the file and line of a bad-input error for the analyst', () => {
    expect(describeError(new ApiError({ code: 'BAD_INPUT', message: 'cue ends before it starts', file: 'talk.vtt', line: 12 }))).toBe('talk.vtt:12: cue ends before it starts');
    expect(describeError(new ApiError({ code: 'BAD_INPUT', message: 'talk.vtt:12: cue ends before it starts', file: 'talk.vtt', line: 12 }))).toBe('talk.vtt:12: cue ends before it starts');
  });
});
