import { describe, expect, it } from 'vitest';
import { CASES } from './hostile-cases';
import { runCorpus, type Outcome } from './hostile-run';

describe('the hostile-input corpus (npm run bench:hostile prints it case by case)', () => {
  it('has at least 60 cases across media, transcripts, labels, exports, databases and model packs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.area))).toEqual(new Set(['media', 'transcript', 'label', 'export', 'database', 'model', 'eval-csv']));
  });

  it('meets every case with the expected exit, a message naming the file, and the project and user files unchanged', async () => {
    const failed: Outcome[] = [];
    await runCorpus((o) => o.problems.length && failed.push(o));
    expect(failed.map((o) => `${o.c.area}/${o.c.name}: ${o.problems.join('; ')} — ${o.message}`)).toEqual([]);
  }, 600_000);
});
