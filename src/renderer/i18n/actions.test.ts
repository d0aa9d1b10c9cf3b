import { describe, expect, it } from 'vitest';
import { actions } from '../actions/registry';
import { en } from './en';
import { ja } from './ja';

describe('action names', () => {
  it('every action of the registry has its action.<id> text in both languages, the English equal to its label', () => {
    for (const a of actions) {
      const k = `action.${a.id}` as keyof typeof en;
      expect(en[k], k).toBe(a.label);
      expect(typeof ja[k], k).toBe('string');
    }
  });
});
