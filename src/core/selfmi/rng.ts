/**
 * Seeded randomness for everything the trainer draws itself (weight init, shuffles, splits), so a
 * run is repeatable from its config alone. mulberry32: tiny, fast, good enough for shuffling/init.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer seed for a library call that takes one (tf.dropout). */
  int(): number;
}

export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: () => Math.floor(next() * 2147483647) };
}

export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
