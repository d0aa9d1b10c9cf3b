/**
 * Text features: all-MiniLM-L6-v2 sentence embeddings (384-d), as sentence-transformers computes them:
 * BERT WordPiece tokens truncated at 256 (the model's own max_seq_length, so long utterances match the
 * reference), encoder, mean over the attention mask, L2 normalisation.
 */
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import type { ExecutionProvider } from '../../shared/types';
import { AttuneError, InputError } from '../../shared/errors';
import { loadPack, type ModelPack } from '../models/pack';
import { getSession, mapBatches, ort, type ConcreteProvider } from '../models/runtime';

export const TEXT_EMBEDDING_DIM = 384;
export const TEXT_MAX_TOKENS = 256;
/** Texts per encoder call; sorted by length first, so padding stays small. */
export const TEXT_BATCH_SIZE = 32;

export interface TextEmbedOptions {
  ep?: ExecutionProvider;
  batchSize?: number;
  /** A verified pack; the default pack when omitted. */
  pack?: ModelPack;
}

export interface TextEncoder {
  /** The provider the encoder session runs on. */
  readonly provider: ConcreteProvider;
  /**
   * Changes whenever the model file or the pre/post-processing contract changes: the key under which text
   * features may be cached.
   */
  readonly version: string;
  /** Number of tokens `text` is fed as, [CLS] and [SEP] included, after truncation. */
  countTokens(text: string): number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

const tokenizers = new Map<string, Tokenizer>();

function tokenizerFor(pack: ModelPack): Tokenizer {
  const file = pack.file('tokenizer');
  let tok = tokenizers.get(file);
  if (!tok) {
    const read = (f: string): object => {
      try {
        return JSON.parse(readFileSync(f, 'utf8')) as object;
      } catch (err) {
        throw new InputError(f, `cannot read tokenizer file: ${(err as Error).message}`);
      }
    };
    tok = new Tokenizer(read(file), read(pack.file('tokenizer-config')));
    tokenizers.set(file, tok);
  }
  return tok;
}

function tokenize(tok: Tokenizer, text: string): number[] {
  const ids = tok.encode(text).ids;
  if (ids.length <= TEXT_MAX_TOKENS) return ids;
  // Keep [CLS] and the first tokens, and end with [SEP], as the reference tokenizer's truncation does.
  return [...ids.slice(0, TEXT_MAX_TOKENS - 1), ids[ids.length - 1]];
}

/** The cache key of the pack's text encoder, without opening a session (see TextEncoder.version). */
export function textEncoderVersion(pack: ModelPack): string {
  const entry = pack.entry('text-encoder');
  return ['minilm', entry.sha256.slice(0, 12), entry.preprocessing?.version ?? '?', entry.postprocessing?.version ?? '?'].join(':');
}

export async function openTextEncoder(opts: TextEmbedOptions = {}): Promise<TextEncoder> {
  const pack = opts.pack ?? (await loadPack());
  const tok = tokenizerFor(pack);
  const { session, provider } = await getSession(pack.file('text-encoder'), opts.ep ?? 'auto');
  const batchSize = opts.batchSize ?? TEXT_BATCH_SIZE;
  const version = textEncoderVersion(pack);

  const runBatch = async (batch: readonly number[][]): Promise<Float32Array[]> => {
    const n = batch.length;
    const len = Math.max(...batch.map((ids) => ids.length));
    const ids = new BigInt64Array(n * len);
    const mask = new BigInt64Array(n * len);
    batch.forEach((seq, b) => {
      for (let t = 0; t < seq.length; t++) {
        ids[b * len + t] = BigInt(seq[t]);
        mask[b * len + t] = 1n;
      }
    });
    const feeds: Record<string, ort.Tensor> = {};
    const all: Record<string, BigInt64Array> = { input_ids: ids, attention_mask: mask, token_type_ids: new BigInt64Array(n * len) };
    for (const name of session.inputNames) {
      if (!all[name]) throw new AttuneError('INTERNAL', `text encoder wants an input '${name}' that BERT tokenisation does not give`);
      feeds[name] = new ort.Tensor('int64', all[name], [n, len]);
    }
    const out = await session.run(feeds);
    const hidden = out[session.outputNames[0]];
    if (hidden.dims.length !== 3 || hidden.dims[2] !== TEXT_EMBEDDING_DIM) {
      throw new AttuneError('INTERNAL', `text encoder gave shape [${hidden.dims.join(', ')}], expected [${n}, ${len}, ${TEXT_EMBEDDING_DIM}]`);
    }
    return batch.map((seq, b) => meanPoolNormalise(hidden.data as Float32Array, b, len, seq.length));
  };

  return {
    provider,
    version,
    countTokens: (text) => tokenize(tok, text).length,
    async embed(texts) {
      const seqs = texts.map((t) => tokenize(tok, t));
      // Length-sorted batches pad little; results go back to the caller's order.
      const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length);
      const vecs = await mapBatches(order, batchSize, (idx) => runBatch(idx.map((i) => seqs[i])));
      const result = new Array<Float32Array>(texts.length);
      order.forEach((orig, k) => (result[orig] = vecs[k]));
      return result;
    },
  };
}

/** 384-d, L2-normalised sentence embeddings, one per text, in input order. */
export async function embedTexts(texts: readonly string[], opts: TextEmbedOptions = {}): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  return (await openTextEncoder(opts)).embed(texts);
}

/** Mean over the first `valid` token rows of sequence `b` (the unmasked ones; padding sits at the end). */
function meanPoolNormalise(hidden: Float32Array, b: number, len: number, valid: number): Float32Array {
  const d = TEXT_EMBEDDING_DIM;
  // Accumulate in float64: 256 rows of float32 sums drift enough to show in the parity test's last digits.
  const acc = new Float64Array(d);
  const base = b * len * d;
  for (let t = 0; t < valid; t++) {
    const row = base + t * d;
    for (let k = 0; k < d; k++) acc[k] += hidden[row + k];
  }
  let norm = 0;
  for (let k = 0; k < d; k++) norm += acc[k] * acc[k];
  // Mean then normalise equals normalising the sum; a zero vector stays zero instead of NaN.
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(d);
  for (let k = 0; k < d; k++) out[k] = acc[k] * scale;
  return out;
}
