import { describe, expect, it } from 'vitest';
import { askBeforeOverwrite } from './overwrite';
import { ApiError } from './transport';

const exists = () => new ApiError({ code: 'CONFLICT', message: '/h/out.csv: the file already exists', file: '/h/out.csv' });

describe('askBeforeOverwrite', () => {
  it('sends without overwrite first and never asks when the file is new', async () => {
    const sent: boolean[] = [];
    const asked: string[] = [];
    await expect(askBeforeOverwrite(async (o) => (sent.push(o), 'ok'), (q) => (asked.push(q), true))).resolves.toBe('ok');
    expect(sent).toEqual([false]);
    expect(asked).toEqual([]);
  });

  it('asks on CONFLICT, naming the file, and resends with overwrite only on yes', async () => {
    for (const answer of [true, false]) {
      const sent: boolean[] = [];
      const asked: string[] = [];
      const res = await askBeforeOverwrite(
        async (o) => {
          sent.push(o);
          if (!o) throw exists();
          return 'replaced';
        },
        (q) => (asked.push(q), answer),
      );
      expect(asked).toEqual(['/h/out.csv already exists. Replace it?']);
      expect(sent).toEqual(answer ? [false, true] : [false]);
      expect(res).toBe(answer ? 'replaced' : null);
    }
  });

  it('passes every other error through without asking', async () => {
    const asked: string[] = [];
    const refused = new ApiError({ code: 'BAD_INPUT', message: "/p/attune.db: refusing to export there: it is the project's database" });
    await expect(askBeforeOverwrite(async () => Promise.reject(refused), (q) => (asked.push(q), true))).rejects.toBe(refused);
    expect(asked).toEqual([]);
  });
});
