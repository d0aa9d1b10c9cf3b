import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('undoes and redoes in order, one step at a time, and a new edit clears redo', async () => {
    const log: string[] = [];
    const h = new History();
    let value = 0;
    const set = (to: number, from: number, name: string) => {
      value = to;
      h.push({
        label: name,
        undo: async () => {
          await new Promise((r) => setTimeout(r, 5));
          value = from;
          log.push(`undo ${name}`);
        },
        redo: async () => {
          value = to;
          log.push(`redo ${name}`);
        },
      });
    };
    set(1, 0, 'a');
    set(2, 1, 'b');
    set(3, 2, 'c');
    await Promise.all([h.undo(), h.undo()]);
    expect(value).toBe(1);
    expect(log).toEqual(['undo c', 'undo b']);
    expect(await h.redo()).toBe('b');
    expect(value).toBe(2);
    set(5, 2, 'd');
    expect(await h.redo()).toBeNull();
    expect(h.sizes).toEqual([3, 0]);
  });

  it('drops a step whose write failed', async () => {
    const h = new History();
    h.push({ label: 'x', undo: () => Promise.reject(new Error('disk')), redo: async () => {} });
    await expect(h.undo()).rejects.toThrow('disk');
    expect(h.sizes).toEqual([0, 0]);
  });
});
