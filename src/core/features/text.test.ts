import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { embedTexts, openTextEncoder, TEXT_EMBEDDING_DIM, TEXT_MAX_TOKENS } from './text';

interface ReferenceCase {
  text: string;
  tokens: number;
  embedding: number[];
}
// Computed once with sentence-transformers on the fp32 weights (scripts/reference/text_reference.py).
const reference = JSON.parse(readFileSync(new URL('./text.reference.json', import.meta.url), 'utf8')) as { cases: ReferenceCase[] };

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

describe('text embeddings', () => {
  it('match the sentence-transformers reference (cosine >= 0.999 each)', async () => {
    const got = await embedTexts(reference.cases.map((c) => c.text), { ep: 'cpu' });
    const cosines = reference.cases.map((c, i) => cosine(got[i], c.embedding));
    process.stdout.write(`text parity cosines: ${cosines.map((c) => c.toFixed(7)).join(' ')}\n`);
    for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.999);
  });

  it('tokenise to the reference token counts, truncating at 256', async () => {
    const enc = await openTextEncoder({ ep: 'cpu' });
    expect(reference.cases.map((c) => enc.countTokens(c.text))).toEqual(reference.cases.map((c) => c.tokens));
    expect(enc.countTokens('word '.repeat(1000))).toBe(TEXT_MAX_TOKENS);
    expect(enc.version).toMatch(/^minilm:[0-9a-f]{12}:bert-wordpiece-256\/v1:mean-pool-l2\/v1$/);
  });

  it('are unit length, 384-d, in input order, and independent of batch mates and padding', async () => {
    const texts = ['short one', reference.cases[5].text, 'the meeting went really well', ''];
    const together = await embedTexts(texts, { ep: 'cpu', batchSize: 3 });
    const alone = await Promise.all(texts.map(async (t) => (await embedTexts([t], { ep: 'cpu' }))[0]));
    together.forEach((v, i) => {
      expect(v).toHaveLength(TEXT_EMBEDDING_DIM);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expect(cosine(v, alone[i])).toBeGreaterThan(0.99999);
    });
    expect(await embedTexts([])).toEqual([]);
  });

  it('place paraphrases closer than unrelated sentences', async () => {
    const [a, b, c] = await embedTexts(['I am very happy with the result', 'I am delighted by the outcome', 'The train leaves at noon'], { ep: 'cpu' });
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
  });
});
