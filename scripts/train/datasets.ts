/**
 * Training data for the default Self-MI model and the learning-curve bench, read from ../shared/data
 * (ATTUNE_SHARED overrides) and featurised with the product's own extractors, so the default model
 * sees exactly what `attune analyze` computes: MiniLM text embeddings (src/core/features/text.ts)
 * and voice features z-scored per speaker (src/core/features/audio), one speaker = one RAVDESS actor.
 * Features are cached under $ATTUNE_CACHE (default: the OS temp dir), keyed by extractor version.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../src/shared/errors';
import { openTextEncoder } from '../../src/core/features/text';
import { AUDIO_EXTRACTOR_VERSION, AUDIO_FEATURE_NAMES, audioFeatureVector, computeVoiceFeatures, normalizePerSpeaker } from '../../src/core/features/audio';
import { resolveTool } from '../../src/core/media/ffmpeg-path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.ATTUNE_SHARED ?? path.resolve(repoRoot, '..', 'shared');
const cacheDir = process.env.ATTUNE_CACHE ?? path.join(os.tmpdir(), 'attune-selfmi-cache');

export interface TextItem {
  id: string;
  text: string;
  label: number;
}

/** MOSI tsv: header `text<TAB>label`, labels in [-3, 3]. */
export function readMosi(split: 'train' | 'dev'): TextItem[] {
  const file = path.join(sharedDir, 'data', 'mosi', `${split}.tsv`);
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  if (lines[0].trim() !== 'text\tlabel') throw new InputError(file, `expected the header 'text<TAB>label', found '${lines[0]}'`, 1);
  const out: TextItem[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const tab = line.lastIndexOf('\t');
    const label = Number(line.slice(tab + 1));
    if (tab < 0 || !Number.isFinite(label)) throw new InputError(file, `no numeric label after a tab`, i + 2);
    out.push({ id: `mosi-${split}-${i + 1}`, text: line.slice(0, tab).trim(), label });
  });
  return out;
}

/**
 * VADER ground truth: `id<TAB>mean rating<TAB>text`, mean of 10 raters on -4..4. Mapped linearly to
 * MOSI's [-3, 3] (x 0.75): both are symmetric bipolar sentiment scales with 0 as neutral.
 */
export function readVader(): TextItem[] {
  const files = ['tweets', 'movieReviewSnippets', 'amazonReviewSnippets'].map((n) => path.join(sharedDir, 'data', 'vader', `${n}_GroundTruth.txt`));
  const out: TextItem[] = [];
  for (const file of files) {
    const base = path.basename(file, '_GroundTruth.txt');
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((line, i) => {
        if (!line.trim()) return;
        const [id, rating, ...rest] = line.split('\t');
        const r = Number(rating);
        if (!Number.isFinite(r) || rest.length === 0) throw new InputError(file, `expected 'id<TAB>rating<TAB>text'`, i + 1);
        out.push({ id: `vader-${base}-${id}`, text: rest.join('\t').trim(), label: Math.max(-3, Math.min(3, r * 0.75)) });
      });
  }
  return out;
}

/**
 * MELD sentiment as a score: the annotators watched the scene and chose positive, negative or neutral,
 * without an intensity. Mapped to +1.5 / -1.5 / 0: the middle of MOSI's "weakly" to "clearly"
 * positive range (MOSI's mean |label| on train is about 1.4), so that MELD neither outshouts MOSI's
 * graded labels nor pulls polar sentences to zero. Only the sign matters to MELD's own Acc-2.
 * Mojibake from the original release (e.g. U+0092 for a right quote) is repaired, not dropped.
 */
export const MELD_SCORE = { positive: 1.5, negative: -1.5, neutral: 0 } as const;

export interface MeldItem extends TextItem {
  sentiment: keyof typeof MELD_SCORE;
  emotion: string;
  dialogue: string;
  speaker: string;
}

export function readMeld(split: 'train' | 'dev'): MeldItem[] {
  const file = path.join(sharedDir, 'data', 'meld', `${split}_sent_emo.csv`);
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const fix = (t: string) => t.replace(/\u0092|\u2019|\u0091/g, "'").replace(/\u0093|\u0094/g, '"').replace(/\u0085/g, '...').replace(/\u0096|\u0097/g, '-');
  return rows.map((r, i) => {
    const sentiment = r.Sentiment as MeldItem['sentiment'];
    if (!(sentiment in MELD_SCORE)) throw new InputError(file, `unknown sentiment '${r.Sentiment}'`, i + 2);
    // 'Sr No.' repeats within a file; the CSV line number is unique.
    return { id: `meld-${split}-${i + 2}`, text: fix(r.Utterance ?? '').trim(), label: MELD_SCORE[sentiment], sentiment, emotion: r.Emotion, dialogue: r.Dialogue_ID, speaker: r.Speaker };
  });
}

/** Embeds texts with the product's encoder, cached by the encoder version and the text. */
export async function embedCached(items: { text: string }[], name: string, log = (m: string) => console.log(m)): Promise<Float32Array[]> {
  const enc = await openTextEncoder({ ep: 'cpu' });
  const key = createHash('sha1').update(enc.version).update(items.map((i) => i.text).join('\u0000')).digest('hex').slice(0, 16);
  const file = path.join(cacheDir, `text-${name}-${key}.f32`);
  const d = 384;
  if (existsSync(file)) {
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (all.length === items.length * d) return items.map((_, i) => all.slice(i * d, (i + 1) * d));
  }
  const out: Float32Array[] = [];
  const t0 = performance.now();
  for (let at = 0; at < items.length; at += 512) {
    out.push(...(await enc.embed(items.slice(at, at + 512).map((i) => i.text || ' '))));
    log(`  embedded ${name}: ${out.length}/${items.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  mkdirSync(cacheDir, { recursive: true });
  const flat = new Float32Array(items.length * d);
  out.forEach((v, i) => flat.set(v, i * d));
  writeFileSync(file, Buffer.from(flat.buffer));
  return out;
}

export const RAVDESS_EMOTIONS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'] as const;
export type RavdessEmotion = (typeof RAVDESS_EMOTIONS)[number];

/**
 * Valence target per acted emotion, on [-3, 3]. Our modelling choice, ordered after the valence axis
 * of Russell's circumplex model of affect (1980): pleasant emotions positive, unpleasant negative,
 * neutral 0. Surprise is placed mildly positive (its valence is ambiguous in the literature). Not
 * taken from a lexicon's numbers. Intensity is not used: it moves arousal more than valence.
 */
export const RAVDESS_VALENCE: Record<RavdessEmotion, number> = {
  neutral: 0,
  calm: 1,
  happy: 2.5,
  surprised: 0.5,
  sad: -2,
  fearful: -2,
  angry: -2.5,
  disgust: -2.5,
};

export interface VoiceItem {
  id: string;
  actor: number;
  emotion: RavdessEmotion;
  text: string;
  label: number;
  /** Per-actor z-scored voice features in AUDIO_FEATURE_NAMES order. */
  audio: Float32Array;
}

function decode16k(file: string): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const p = spawn(resolveTool('ffmpeg'), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']);
    const chunks: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new InputError(file, `ffmpeg could not decode it: ${err.trim().split('\n')[0]}`));
      const b = Buffer.concat(chunks);
      resolve(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    });
  });
}

/** RAVDESS actors 01-20 with voice features computed as `attune analyze` does, z-scored per actor. */
export async function readRavdess(log = (m: string) => console.log(m)): Promise<VoiceItem[]> {
  const dir = path.join(sharedDir, 'data', 'ravdess');
  const file = path.join(dir, 'labels.csv');
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const head = lines[0].split(',');
  const col = (n: string) => {
    const i = head.indexOf(n);
    if (i < 0) throw new InputError(file, `missing column '${n}'`, 1);
    return i;
  };
  const [cPath, cEmotion, cText, cActor] = [col('path'), col('emotion'), col('text'), col('actor')];
  const rows = lines.slice(1).map((l, i) => {
    const f = l.split(',');
    const emotion = f[cEmotion] as RavdessEmotion;
    if (!(emotion in RAVDESS_VALENCE)) throw new InputError(file, `unknown emotion '${f[cEmotion]}'`, i + 2);
    return { rel: f[cPath], emotion, text: f[cText], actor: Number(f[cActor]) };
  });
  const cacheFile = path.join(cacheDir, `ravdess-${AUDIO_EXTRACTOR_VERSION}-${rows.length}.json`);
  let raw: number[][];
  if (existsSync(cacheFile)) raw = JSON.parse(readFileSync(cacheFile, 'utf8'));
  else {
    raw = [];
    const t0 = performance.now();
    for (const r of rows) {
      const pcm = await decode16k(path.join(dir, r.rel));
      raw.push(Array.from(audioFeatureVector(computeVoiceFeatures(pcm, { text: r.text }))));
      if (raw.length % 100 === 0) log(`  voice features: ${raw.length}/${rows.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(raw));
  }
  const named = raw.map((v) => Object.fromEntries(AUDIO_FEATURE_NAMES.map((n, j) => [n, v[j]])) as Record<string, number>);
  const z = normalizePerSpeaker(rows.map((r, i) => ({ speaker: `actor-${r.actor}`, values: named[i] })));
  return rows.map((r, i) => ({
    id: `ravdess-${r.rel.replace(/\.flac$/, '')}`,
    actor: r.actor,
    emotion: r.emotion,
    text: r.text,
    label: RAVDESS_VALENCE[r.emotion],
    audio: Float32Array.from(AUDIO_FEATURE_NAMES, (n) => z[i].z[n]),
  }));
}
