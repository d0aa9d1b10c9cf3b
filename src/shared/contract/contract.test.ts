import { describe, expect, it } from 'vitest';
import { contract, EventSchema } from './index';
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
});
