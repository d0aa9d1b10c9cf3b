/**
 * What a corpus batch is made of: a folder (media with transcripts beside them by basename) or a
 * manifest CSV (`media,transcript`), turned into items keyed by content (sha256 of the media's bytes
 * and the transcript's) and the model version, so a rerun or a re-enqueued job finds its earlier work.
 * Paths travel relative to a media root, so machines that mount the same storage elsewhere resolve them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AttuneError, InputError, toErrorPayload } from '../../shared/errors';
import { realRegularFile } from '../store/input-path';
import { isMediaExtension, TRANSCRIPT_EXTENSIONS } from '../../shared/file-types';

export interface SourceEntry {
  media: string;
  transcript: string | null;
}

/** One recording of a batch, as it travels to a worker (BullMQ job data) or the embedded pool. */
export interface BatchItem {
  /** Relative to mediaRoot when inside it, else absolute. */
  media: string;
  transcript: string | null;
  mediaRoot: string;
  contentHash: string;
  modelVersion: string;
  /** contentHash + model version: the BullMQ jobId and the batch_results key. */
  key: string;
}

export function readSource(source: string): { entries: SourceEntry[]; root: string } {
  const abs = path.resolve(source);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (err) {
    throw new InputError(abs, `cannot read the batch source (${(err as Error).message})`);
  }
  if (stat.isDirectory()) return { entries: scanFolder(abs), root: abs };
  if (stat.isFile() && abs.toLowerCase().endsWith('.csv')) return { entries: readManifest(abs), root: path.dirname(abs) };
  throw new AttuneError('USAGE', `batch source must be a folder or a manifest .csv (media,transcript): ${abs}`);
}

function scanFolder(dir: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  const walk = (d: string) => {
    const names = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const files = new Map(names.filter((n) => !n.isDirectory()).map((n) => [n.name.toLowerCase(), n.name] as const));
    for (const n of names) {
      if (n.name.startsWith('.')) continue;
      if (n.isDirectory()) {
        walk(path.join(d, n.name));
        continue;
      }
      const ext = path.extname(n.name).toLowerCase();
      if (!isMediaExtension(ext)) continue;
      const stem = n.name.slice(0, n.name.length - ext.length).toLowerCase();
      const t = TRANSCRIPT_EXTENSIONS.map((e) => files.get(stem + e)).find((x) => x !== undefined);
      out.push({ media: path.join(d, n.name), transcript: t ? path.join(d, t) : null });
    }
  };
  walk(dir);
  return out;
}

function readManifest(file: string): SourceEntry[] {
  let rows: string[][];
  try {
    rows = parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (err) {
    throw new InputError(file, `not a readable manifest CSV (${(err as Error).message})`);
  }
  if (rows.length && rows[0][0]?.toLowerCase() === 'media') rows = rows.slice(1);
  const dir = path.dirname(file);
  return rows.map((r, i) => {
    if (!r[0]) throw new InputError(file, 'a row without a media path', i + 2);
    return { media: path.resolve(dir, r[0]), transcript: r[1] ? path.resolve(dir, r[1]) : null };
  });
}

async function hashFile(h: ReturnType<typeof createHash>, file: string): Promise<void> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
}

/** sha256 over the media's bytes and the transcript's (so a corrected transcript is new work). */
export async function contentHash(media: string, transcript: string | null): Promise<string> {
  const h = createHash('sha256');
  h.update('media\0');
  await hashFile(h, realRegularFile(media, 'media file'));
  h.update('\0transcript\0');
  if (transcript) await hashFile(h, realRegularFile(transcript, 'transcript file'));
  return h.digest('hex');
}

/** jobIds may not hold ':' (BullMQ's key separator); model version ids are kept readable. */
export const batchKey = (hash: string, modelVersion: string) => `${hash.slice(0, 40)}.${modelVersion.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export const relToRoot = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
};

/** Where this machine finds an item's file: its own --media-root, else the one the batch was made with. */
export const resolveMedia = (p: string, itemRoot: string, localRoot?: string) => (path.isAbsolute(p) ? p : path.resolve(localRoot ?? itemRoot, p));

export interface PreparedItems {
  items: BatchItem[];
  /** Entries that could not even be read for hashing: failed before any job. */
  unreadable: { media: string; error: string }[];
}

export async function prepareItems(entries: SourceEntry[], root: string, modelVersion: string): Promise<PreparedItems> {
  const items: BatchItem[] = [];
  const unreadable: PreparedItems['unreadable'] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    try {
      const hash = await contentHash(e.media, e.transcript);
      const key = batchKey(hash, modelVersion);
      if (seen.has(key)) continue; // the same bytes twice in one source: one recording
      seen.add(key);
      items.push({ media: relToRoot(root, e.media), transcript: e.transcript ? relToRoot(root, e.transcript) : null, mediaRoot: root, contentHash: hash, modelVersion, key });
    } catch (err) {
      unreadable.push({ media: e.media, error: toErrorPayload(err).message });
    }
  }
  return { items, unreadable };
}
