/**
 * What a corpus batch is made of: a folder (media with transcripts beside them by basename) or a
 * manifest CSV (`media,transcript[,speaker map]`), turned into items keyed by content (content-key.ts:
 * the media's bytes, the transcript's, the speaker map) and the model version, so a rerun or a re-enqueued job finds its earlier work.
 * Paths travel relative to a media root, so machines that mount the same storage elsewhere resolve them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AttuneError, InputError, toErrorPayload } from '../../shared/errors';
import { contentHash } from './content-key';
import { canonicalSpeakerMap, parseSpeakerMap, type SpeakerMapSource } from '../formats/speaker-map';
import { isMediaExtension, TRANSCRIPT_EXTENSIONS } from '../../shared/file-types';

export interface SourceEntry {
  media: string;
  transcript: string | null;
  /** The manifest's third column as written (formats/speaker-map.ts), and where. */
  speakerMap?: { text: string; at: SpeakerMapSource } | null;
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
  /** The speaker map in its canonical form (part of the content hash), and the manifest line it came from. */
  speakerMap?: { text: string; at: SpeakerMapSource } | null;
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
  throw new AttuneError('USAGE', `batch source must be a folder or a manifest .csv (media,transcript[,speaker map]): ${abs}`);
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
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as unknown as typeof rows;
  } catch (err) {
    throw new InputError(file, `not a readable manifest CSV (${(err as Error).message})`);
  }
  if (rows.length && rows[0].record[0]?.toLowerCase() === 'media') rows = rows.slice(1);
  const dir = path.dirname(file);
  return rows.map(({ record: r, info }) => {
    const line = info.lines;
    if (!r[0]) throw new InputError(file, 'a row without a media path', line);
    return { media: path.resolve(dir, r[0]), transcript: r[1] ? path.resolve(dir, r[1]) : null, speakerMap: r[2] ? { text: r[2], at: { file, line } } : null };
  });
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
  /** Entries refused before any job (a file that cannot be read for hashing, a malformed speaker map). */
  rejected: { media: string; transcript: string | null; error: string }[];
}

export async function prepareItems(entries: SourceEntry[], root: string, modelVersion: string): Promise<PreparedItems> {
  const items: BatchItem[] = [];
  const rejected: PreparedItems['rejected'] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    try {
      const map = e.speakerMap ? { text: canonicalSpeakerMap(parseSpeakerMap(e.speakerMap.text, e.speakerMap.at)), at: e.speakerMap.at } : null;
      const hash = await contentHash(e.media, e.transcript, map?.text ?? null);
      const key = batchKey(hash, modelVersion);
      if (seen.has(key)) continue; // the same bytes twice in one source: one recording
      seen.add(key);
      items.push({ media: relToRoot(root, e.media), transcript: e.transcript ? relToRoot(root, e.transcript) : null, mediaRoot: root, contentHash: hash, modelVersion, key, speakerMap: map });
    } catch (err) {
      rejected.push({ media: e.media, transcript: e.transcript, error: toErrorPayload(err).message });
    }
  }
  return { items, rejected };
}
