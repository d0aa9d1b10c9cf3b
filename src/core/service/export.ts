import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, LabelledSegment, Prediction } from '../../shared/types';
import { AttuneError } from '../../shared/errors';
import type { ExportAnnotators } from '../../shared/contract/jobs';
import { exportLabels, type ExportData } from '../formats/exports';
import { listAnnotatorLabels, listAnnotators } from '../store/labels';
import { DB_FILE, DB_SIDE_SUFFIXES, type Db } from '../store/db';
import { listModelVersions } from '../store/model-versions';
import { getRecording, listRecordings } from '../store/recordings';
import { writeFileAtomic } from '../store/atomic-write';
import { versionDir } from '../analysis/models';
import { labelledSegments } from '../store/labelled-segments';
import { listPredictions } from '../store/predictions';

function chosenSegments(db: Db, recordingId?: string): LabelledSegment[] {
  if (recordingId && !getRecording(db, recordingId)) throw new AttuneError('NOT_FOUND', `no recording '${recordingId}'`);
  const all = labelledSegments(db);
  return recordingId ? all.filter((s) => s.recordingId === recordingId) : all;
}

/** Formats that can carry the model's scores, and every annotator's labels (WebVTT and MMSA hold one label per segment). */
export const SCORE_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'eaf', 'textgrid'];
export const ANNOTATOR_FORMATS: readonly ExportFormat[] = SCORE_FORMATS;

/** Each annotator's own current labels, for an export of every annotator ('all'); undefined for the gold label only. */
function annotatorsFor(db: Db, format: ExportFormat, which: ExportAnnotators | undefined): ExportData['annotators'] {
  if (which !== 'all') return undefined;
  if (!ANNOTATOR_FORMATS.includes(format)) throw new AttuneError('USAGE', `every annotator's labels can be exported as ${ANNOTATOR_FORMATS.join(', ')}, not ${format}; export ${format} with the gold label only`);
  return listAnnotators(db).map(({ annotator }) => ({ annotator, labels: new Map(listAnnotatorLabels(db, annotator).map((l) => [l.segmentId, l])) }));
}

/** The active version's predictions by segment, for an export that includes the model's scores. */
function scoresFor(db: Db, format: ExportFormat, includeScores: boolean | undefined): Map<string, Prediction> | undefined {
  if (!includeScores) return undefined;
  if (!SCORE_FORMATS.includes(format)) throw new AttuneError('USAGE', `the model's scores can be exported as ${SCORE_FORMATS.join(', ')}, not ${format}; export ${format} without them`);
  return new Map(listPredictions(db).map((p) => [p.segmentId, p]));
}

export function renderExport(db: Db, format: ExportFormat, recordingId?: string, opts: { includeScores?: boolean; annotators?: ExportAnnotators } = {}): string {
  const data = { recordings: listRecordings(db), segments: chosenSegments(db, recordingId), predictions: scoresFor(db, format, opts.includeScores), annotators: annotatorsFor(db, format, opts.annotators) };
  return exportLabels(format, data, { recordingId });
}

export interface WriteExportOptions {
  /** The project folder: a relative destination resolves against it (adapters resolve their own cwd first). */
  projectDir: string;
  recordingId?: string;
  /** Replace an existing file. Without it an existing destination is refused (CONFLICT). */
  overwrite?: boolean;
  /** The model's scores too (CSV, JSON, EAF, TextGrid). */
  includeScores?: boolean;
  /** 'all': every annotator's own labels beside the gold label (CSV, JSON, EAF, TextGrid). */
  annotators?: ExportAnnotators;
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half an export behind. Every
 * adapter (CLI, browser host, Electron) comes through here, so this is where a destination that
 * would destroy the project or a file it uses is refused.
 */
export function writeExport(db: Db, format: ExportFormat, outPath: string, opts: WriteExportOptions): { path: string; segments: number } {
  const out = path.resolve(opts.projectDir, outPath);
  const dir = path.dirname(out);
  // The project's own places first: "refusing" says more than "no such folder" for models/x.csv.
  refuseProtectedDestination(db, opts.projectDir, out);
  if (!fs.existsSync(dir)) throw new AttuneError('BAD_INPUT', `cannot write: the folder ${dir} does not exist`, { file: out });
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new AttuneError('BAD_INPUT', 'destination is a folder, not a file', { file: out });
  if (!opts.overwrite && lexists(out)) {
    throw new AttuneError('CONFLICT', 'the file already exists; replace it explicitly (attune export --force, or confirm in the app)', { file: out });
  }
  const predictions = scoresFor(db, format, opts.includeScores);
  const annotators = annotatorsFor(db, format, opts.annotators);
  const segments = chosenSegments(db, opts.recordingId);
  const text = exportLabels(format, { recordings: listRecordings(db), segments, predictions, annotators }, { recordingId: opts.recordingId });
  writeFileAtomic(out, text);
  return { path: out, segments: segments.length };
}

// ---------------------------------------------------------------------------------------------
// Destinations an export must never replace.

/** Where the file system ignores case (by default), a different spelling is the same file. */
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';
const norm = (p: string) => (CASE_INSENSITIVE ? p.toLowerCase() : p);
const INTERNAL_FOLDERS = ['models', 'inbox'];

function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path with every symlink resolved, as far as it exists: an existing path is its realpath; a
 * missing one is its parent's canonical path plus its name; a symlink (dangling too) is its target's.
 */
export function canonicalPath(p: string, depth = 0): string {
  const abs = path.resolve(p);
  if (depth > 40) throw new AttuneError('BAD_INPUT', 'too many levels of symbolic links', { file: abs });
  let st: fs.Stats | null = null;
  try {
    st = fs.lstatSync(abs);
  } catch {
    st = null;
  }
  if (st?.isSymbolicLink()) return canonicalPath(path.resolve(path.dirname(abs), fs.readlinkSync(abs)), depth + 1);
  if (st) {
    try {
      return fs.realpathSync.native(abs);
    } catch {
      // fall through: resolve the parent instead
    }
  }
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(canonicalPath(parent, depth + 1), path.basename(abs));
}

/** `p` is `folder` or lies below it. */
const inside = (p: string, folder: string) => norm(p) === norm(folder) || norm(p).startsWith(norm(folder.endsWith(path.sep) ? folder : folder + path.sep));

/** canonicalPath for a file the project uses: a link loop there is not the destination's problem. */
function canonicalOr(p: string): string {
  try {
    return canonicalPath(p);
  } catch {
    return path.resolve(p);
  }
}

function identity(p: string): string | null {
  try {
    const st = fs.statSync(p);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * Refuses (BAD_INPUT, naming the destination and why) the project's database and its journals,
 * anything inside the project's internal folders (models/, inbox/, its dot-folders, every model
 * version's folder) and a file a recording uses (media, transcript). Symlinks are resolved on both
 * sides, so a link onto any of these is refused too; an existing destination that is the same file
 * (hard link, other spelling on a case-insensitive disk) is caught by its inode.
 */
export function refuseProtectedDestination(db: Db, projectDir: string, out: string): void {
  const dest = canonicalPath(out);
  const shown = norm(dest) === norm(path.resolve(out)) ? out : `${out} (a link to ${dest})`;
  const refuse = (why: string): never => {
    throw new AttuneError('BAD_INPUT', `${shown}: refusing to export there: ${why}`, { file: out });
  };

  const files: { file: string; why: string }[] = [];
  const dbFiles = new Set([path.join(projectDir, DB_FILE), ...(db.name && db.name !== ':memory:' ? [db.name] : [])]);
  for (const f of dbFiles) for (const suffix of DB_SIDE_SUFFIXES) files.push({ file: f + suffix, why: `it is the project's database${suffix ? ` ${suffix.slice(1)} file` : ''} (${path.basename(f)}${suffix})` });
  for (const r of listRecordings(db)) {
    files.push({ file: r.mediaPath, why: `it is the media file of recording '${r.name}' (${r.id})` });
    if (r.transcriptPath) files.push({ file: r.transcriptPath, why: `it is the transcript of recording '${r.name}' (${r.id})` });
  }
  const destId = identity(dest);
  for (const f of files) {
    f.file = path.resolve(projectDir, f.file);
    if (norm(canonicalOr(f.file)) === norm(dest)) refuse(f.why);
    if (destId && identity(f.file) === destId) refuse(f.why);
  }

  const project = canonicalOr(projectDir);
  for (const name of INTERNAL_FOLDERS) {
    const folder = canonicalOr(path.join(projectDir, name));
    if (inside(dest, folder)) refuse(`it is inside the project's internal folder ${name}${path.sep}`);
  }
  if (inside(dest, project)) {
    // Dot-folders at the top of the project are its own (tune's .fold-*, caches): never a destination.
    const parts = dest.slice(project.length).split(path.sep).filter(Boolean);
    if (parts.length > 1 && parts[0].startsWith('.')) refuse(`it is inside the project's internal folder ${parts[0]}${path.sep}`);
  }
  for (const v of listModelVersions(db)) if (v.dir && inside(dest, canonicalOr(path.resolve(projectDir, versionDir(v))))) refuse(`it is inside the folder of model version '${v.id}'`);
}
