import { describe, expect, it } from 'vitest';
import { contract, EventSchema, JOBS, JobKindSchema, JobSchema } from './index';
import { METHODS } from './methods';

describe('contract', () => {
  it('lists the same methods for the preload bridge as the schemas define', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(contract).sort());
  });

  it('rejects a label outside [-3, 3] and unknown fields', () => {
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: 3.5 }).success).toBe(false);
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: 1, extra: true }).success).toBe(false);
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: -3 }).success).toBe(true);
  });

  it('validates events by type', () => {
    expect(EventSchema.safeParse({ type: 'changed', what: 'labels' }).success).toBe(true);
    expect(EventSchema.safeParse({ type: 'changed', what: 'nonsense' }).success).toBe(false);
  });

  it('has a params and a result schema for every job kind, and startJob takes each kind with its own params', () => {
    expect(Object.keys(JOBS).sort()).toEqual([...JobKindSchema.options].sort());
    const start = contract.startJob.request;
    expect(start.safeParse({ kind: 'analyze' }).success).toBe(true);
    expect(start.safeParse({ kind: 'tune', params: { epochs: 5, activate: 'always' } }).success).toBe(true);
    // Another kind's params, a wrong type, an unknown field: refused at the boundary.
    expect(start.safeParse({ kind: 'analyze', params: { epochs: 5 } }).success).toBe(false);
    expect(start.safeParse({ kind: 'tune', params: { epochs: '5' } }).success).toBe(false);
    expect(start.safeParse({ kind: 'tune', params: { activate: 'sometimes' } }).success).toBe(false);
    expect(start.safeParse({ kind: 'export', params: {} }).success).toBe(false);
    expect(start.safeParse({ kind: 'sing', params: {} }).success).toBe(false);
  });

  it("types a job's result by its kind", () => {
    const base = { id: 'job-1', state: 'done', stage: 'export', done: 1, total: 1, etaMs: 0, message: null, startedAt: '', finishedAt: '' };
    expect(JobSchema.safeParse({ ...base, kind: 'export', result: { path: '/x.csv', segments: 3 } }).success).toBe(true);
    expect(JobSchema.safeParse({ ...base, kind: 'analyze', result: { path: '/x.csv', segments: 3 } }).success).toBe(false);
    expect(JobSchema.safeParse({ ...base, kind: 'analyze', result: { predicted: 3, modelVersion: 'v', computed: { text: 3, audio: 3, video: 0 } } }).success).toBe(true);
  });
});
