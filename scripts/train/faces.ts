/**
 * Labelled faces for training and calibrating the default model's face (video) valence head, read
 * from ../shared/data/faces (ATTUNE_SHARED overrides) and featurised by the product's own video path,
 * exactly as `attune analyze` computes it: BlazeFace -> chosen face -> 112-px crop -> face-api
 * expression net on frames sampled at 2 fps, summarised per segment (src/core/features/face), then
 * the per-person baseline (Delta) features that featureRowsOf (src/core/analysis/feature-matrix.ts)
 * applies at read time.
 *
 * The data are 48x48 grey stills, so each dataset becomes one clip in the cache folder: every still
 * is upscaled, padded into a larger grey camera-like frame (FACE_LAYOUTS; the default was chosen by
 * detection rate, see `--layouts`) and shown for 1 s. A temp project holds one recording per dataset
 * and one segment per still ([i*1000, i*1000+1000) ms, speaker = CK+ subject or one constant speaker
 * for FER), and computeMissingFeatures runs on it as it does for any project. The clip is checked for
 * bleed (every segment got its 2 frames, and they show its own still, not a neighbour's).
 *
 * Cached under $ATTUNE_CACHE (default: the OS temp dir) as that project database, keyed by the video
 * extractor version, the layout, the clip encoding and the label file; the clip itself is deleted once
 * the features are in. Images are read in place and never copied into the repository.
 *
 *   node bin/run-ts.mjs scripts/train/faces.ts                 compute/cache, print the summary
 *   node bin/run-ts.mjs scripts/train/faces.ts --layouts [N]   detection rate of each layout on every Nth still
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Segment } from '../../src/shared/types';
import { InputError } from '../../src/shared/errors';
import { EXPRESSIONS, VIDEO_FEATURE_NAMES } from '../../src/core/features/face';
import { textEncoderVersion } from '../../src/core/features/text';
import { FeatureCache } from '../../src/core/analysis/feature-cache';
import { featureRowsOf } from '../../src/core/analysis/feature-matrix';
import { computeMissingFeatures, VIDEO_VERSION } from '../../src/core/analysis/features';
import { extractSegments } from '../../src/core/media/extract';
import { resolveTool } from '../../src/core/media/ffmpeg-path';
import { probeMedia, type MediaInfo } from '../../src/core/media/probe';
import { loadPack } from '../../src/core/models/pack';
import { openProjectDb, type Db } from '../../src/core/store/db';
import { insertRecording, listRecordings } from '../../src/core/store/recordings';
import { insertSegments, listSegments } from '../../src/core/store/segments';
import { sharedDir } from './datasets';

const cacheDir = process.env.ATTUNE_CACHE ?? path.join(os.tmpdir(), 'attune-selfmi-cache');

export type FaceDataset = 'ckplus' | 'fer';
export type FaceEmotion = 'angry' | 'contempt' | 'disgust' | 'fear' | 'happy' | 'neutral' | 'sad' | 'surprise';

/**
 * Valence target per posed expression class, on [-3, 3]. Our modelling choice, the same as
 * RAVDESS_VALENCE in datasets.ts (ordered after the valence axis of Russell's circumplex model of
 * affect, 1980: pleasant positive, unpleasant negative, neutral 0), so the voice and face heads are
 * trained toward one scale: happy 2.5; neutral 0; surprise mildly positive, 0.5 (its valence is
 * ambiguous in the literature, as for RAVDESS 'surprised'); sad and fear -2; angry and disgust -2.5.
 * Contempt (CK+ only, no RAVDESS counterpart) is -2: unpleasant, like the other hostile expressions
 * in Russell's circle, placed a step milder than anger and disgust because it is a low-arousal, often
 * unilateral expression. Not taken from any dataset's numbers; the images carry only class names.
 */
export const FACE_VALENCE: Record<FaceEmotion, number> = {
  happy: 2.5,
  surprise: 0.5,
  neutral: 0,
  sad: -2,
  fear: -2,
  contempt: -2,
  angry: -2.5,
  disgust: -2.5,
};

export interface FaceItem {
  id: string;
  dataset: FaceDataset;
  subject: string | null;
  emotion: string;
  label: number;
  split: 'train' | 'calib' | 'test';
  /** VIDEO_FEATURE_NAMES order, as featureRowsOf returns it (Delta features against the person's baseline). */
  video: Float32Array;
  /** Fraction of the still's sampled frames with a face; 0 = no face found (callers drop those for training). */
  faceRatio: number;
}

/** How a 48x48 still is placed in the clip: upscaled to `face` px, centred in a `width`x`height` grey frame. */
export interface FaceLayout {
  id: string;
  face: number;
  width: number;
  height: number;
}

export const FACE_LAYOUTS: FaceLayout[] = [
  { id: 'full48', face: 48, width: 48, height: 48 },
  { id: 'f120-640x360', face: 120, width: 640, height: 360 },
  { id: 'f160-640x360', face: 160, width: 640, height: 360 },
  { id: 'f200-640x360', face: 200, width: 640, height: 360 },
  { id: 'f240-640x360', face: 240, width: 640, height: 360 },
  { id: 'f200-480x480', face: 200, width: 480, height: 480 },
  { id: 'f280-480x480', face: 280, width: 480, height: 480 },
];
/**
 * Chosen with `--layouts 4` (every 4th still: 246 CK+, 898 FER; face-1 extractor). Stills with a face /
 * expression-net argmax equal to the class (of those with a face, contempt excluded):
 *   layout          CK+             FER
 *   full48          100 % / 81.0 %  91.2 % / 50.3 %
 *   f120-640x360    100 % / 88.4 %  99.0 % / 57.6 %
 *   f160-640x360    100 % / 87.1 %  99.6 % / 59.8 %
 *   f200-640x360    100 % / 90.5 %  99.6 % / 58.2 %
 *   f240-640x360    100 % / 87.9 %  99.3 % / 57.7 %
 *   f200-480x480    100 % / 84.9 %  99.2 % / 58.7 %
 *   f280-480x480    100 % / 84.9 %  99.2 % / 57.7 %
 * A 48-px frame loses 9 % of FER faces; padded into a camera-like frame nearly all are found. f160 and
 * f200 in 640x360 tie on detection; f200 has the better mean argmax agreement over the two sets.
 */
export const DEFAULT_FACE_LAYOUT = 'f200-640x360';

/** Clip encoding; part of the cache key. All-reference frames (-bf 0) so `-skip_frame noref` drops none. */
const CLIP_FPS = 4;
const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '14', '-bf', '0', '-g', String(CLIP_FPS * 10), '-pix_fmt', 'yuv420p'];
const SAMPLE_FPS = 2; // computeMissingFeatures' default, as in `attune analyze`
const FER_SPEAKER = 'fer2013'; // FER has no identities: one constant speaker, so one baseline over all its faces

interface Still {
  id: string;
  dataset: FaceDataset;
  file: string;
  subject: string | null;
  emotion: FaceEmotion;
  split: FaceItem['split'];
  key: string;
}

const DATASET_DIR: Record<FaceDataset, string> = { ckplus: 'ckplus48', fer: 'fer2013_public' };

function readStills(dataset: FaceDataset): Still[] {
  const dir = path.join(sharedDir, 'data', 'faces', DATASET_DIR[dataset]);
  const file = path.join(dir, 'labels.csv');
  const records = parse(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const stills = records.map((r, i) => {
    const emotion = r.emotion as FaceEmotion;
    if (!(emotion in FACE_VALENCE)) throw new InputError(file, `unknown emotion '${r.emotion}'`, i + 2);
    if (!r.path) throw new InputError(file, 'no path', i + 2);
    const subject = dataset === 'ckplus' ? r.subject : null;
    if (dataset === 'ckplus' && !/^S\d+$/.test(subject ?? '')) throw new InputError(file, `subject '${r.subject}' is not S###`, i + 2);
    return {
      id: `${dataset}-${r.path.replace(/^images\//, '').replace(/\.[a-z]+$/i, '')}`,
      dataset,
      file: path.join(dir, r.path),
      subject,
      emotion,
      // FER2013 PublicTest has no identities, so it cannot be split by person: one image in five (by
      // the hash of its file) calibrates the face spread, the rest trains. Web faces in the wild are
      // what meetings look like; CK+'s posed faces alone make the spread far too confident.
      split: (dataset === 'fer' && createHash('sha1').update(r.path).digest()[0] < 52 ? 'calib' : 'train') as FaceItem['split'],
      key: `${r.path}:${r.emotion}:${r.subject}:${r.sha256}`,
    };
  });
  if (dataset === 'ckplus') {
    const splitOf = splitSubjects(stills.map((s) => s.subject!));
    for (const s of stills) s.split = splitOf.get(s.subject!)!;
  }
  return stills;
}

/**
 * CK+ split by subject, never by image (each sequence gives 3 near-identical frames): subjects sorted
 * by sha1 of their id, the first 60 % train, the next 20 % calib, the rest test. Deterministic.
 */
export function splitSubjects(subjects: string[]): Map<string, FaceItem['split']> {
  const ids = [...new Set(subjects)].sort((a, b) => {
    const ha = createHash('sha1').update(a).digest('hex');
    const hb = createHash('sha1').update(b).digest('hex');
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  const nTrain = Math.round(ids.length * 0.6);
  const nCalib = Math.round(ids.length * 0.2);
  return new Map(ids.map((s, i) => [s, i < nTrain ? 'train' : i < nTrain + nCalib ? 'calib' : 'test'] as const));
}

function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(resolveTool('ffmpeg'), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exit ${code}: ${err.trim().split('\n').slice(-2).join(' ')}`))));
  });
}

/**
 * One clip: still i fills [i, i+1) s. The stills are linked (not copied) as a numbered sequence in a
 * temp folder and read by the image2 demuxer at 1 fps, so every still's timestamps are exact; one
 * extra copy of the last still closes the final second.
 */
async function buildClip(stills: Still[], layout: FaceLayout, out: string): Promise<void> {
  const ext = path.extname(stills[0].file);
  if (stills.some((s) => path.extname(s.file) !== ext)) throw new Error('buildClip: mixed image types in one clip');
  const seq = mkdtempSync(path.join(os.tmpdir(), 'attune-faces-seq-'));
  try {
    [...stills, stills[stills.length - 1]].forEach((s, i) => symlinkSync(s.file, path.join(seq, `${String(i).padStart(6, '0')}${ext}`)));
    const vf = [
      'format=gray',
      `scale=${layout.face}:${layout.face}:flags=bicubic`,
      `pad=${layout.width}:${layout.height}:(ow-iw)/2:(oh-ih)/2:color=0x808080`,
      `fps=${CLIP_FPS}`,
    ].join(',');
    await runFfmpeg(['-framerate', '1', '-start_number', '0', '-i', path.join(seq, `%06d${ext}`), '-vf', vf, ...ENCODE, '-an', out]);
  } finally {
    rmSync(seq, { recursive: true, force: true });
  }
}

/** Bleed check: every segment got 2 frames inside its window, and they are its own still's. */
async function checkClip(info: MediaInfo, segs: Segment[]): Promise<{ segments: number; wrongFrameCount: number; maxWithin: number; minBetween: number; bleed: number }> {
  let wrongFrameCount = 0;
  let maxWithin = 0;
  let minBetween = Infinity;
  let bleed = 0;
  let prevLast: Uint8Array | null = null;
  const mad = (a: Uint8Array, b: Uint8Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i += 3) s += Math.abs(a[i] - b[i]);
    return s / (a.length / 3);
  };
  for await (const item of extractSegments(info, segs, { fps: SAMPLE_FPS, audio: false })) {
    const f = item.frames;
    if (f.length !== 2 || f.some((x) => x.tMs < item.segment.startMs || x.tMs >= item.segment.endMs)) wrongFrameCount++;
    if (f.length === 0) continue;
    const within = f.length > 1 ? mad(f[0].data, f[f.length - 1].data) : 0;
    maxWithin = Math.max(maxWithin, within);
    if (prevLast) {
      const between = mad(prevLast, f[0].data);
      minBetween = Math.min(minBetween, between);
      // The first frame looks more like the previous still than like its own second frame.
      if (f.length > 1 && between < within) bleed++;
    }
    prevLast = f[f.length - 1].data;
  }
  return { segments: segs.length, wrongFrameCount, maxWithin, minBetween, bleed };
}

interface DatasetRun {
  items: FaceItem[];
  seconds: number;
  cached: boolean;
  check: Awaited<ReturnType<typeof checkClip>> | null;
}

function cacheFolder(dataset: FaceDataset, stills: Still[], layout: FaceLayout): string {
  const key = createHash('sha1')
    .update(JSON.stringify({ VIDEO_VERSION, layout, CLIP_FPS, ENCODE, SAMPLE_FPS, FER_SPEAKER }))
    .update(stills.map((s) => s.key).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir, `faces-${dataset}-${VIDEO_VERSION}-${layout.id}-${key}`);
}

async function rowsOf(db: Db, stills: Still[]): Promise<FaceItem[]> {
  const textVersion = textEncoderVersion(await loadPack());
  const cache = new FeatureCache(db);
  const out: (FaceItem | undefined)[] = new Array(stills.length);
  for (const rec of listRecordings(db)) {
    const segs = listSegments(db, rec.id);
    const rows = featureRowsOf(cache, textVersion, segs);
    rows.forEach((r) => {
      const i = Number(r.segment.id.slice(r.segment.id.lastIndexOf('-') + 1));
      const s = stills[i];
      if (!s || r.segment.startMs !== i * 1000) throw new Error(`segment ${r.segment.id} does not match still ${i}`);
      if (!r.video) throw new Error(`no video row for ${s.id}: the feature run did not finish`);
      out[i] = { id: s.id, dataset: s.dataset, subject: s.subject, emotion: s.emotion, label: FACE_VALENCE[s.emotion], split: s.split, video: r.video, faceRatio: r.video[VIDEO_FEATURE_NAMES.indexOf('faceRatio')] };
    });
  }
  let missing = 0;
  for (let i = 0; i < stills.length; i++) if (!out[i]) missing++;
  if (missing) throw new Error(`${missing} of ${stills.length} stills have no feature row`);
  return out as FaceItem[];
}

async function featurise(dataset: FaceDataset, stills: Still[], layout: FaceLayout, log: (m: string) => void, opts: { persist: boolean }): Promise<DatasetRun> {
  const t0 = performance.now();
  const dir = opts.persist ? cacheFolder(dataset, stills, layout) : mkdtempSync(path.join(os.tmpdir(), `attune-faces-${dataset}-`));
  const done = path.join(dir, 'done.json');
  if (opts.persist && existsSync(done)) {
    const db = openProjectDb(dir);
    try {
      const items = await rowsOf(db, stills);
      return { items, seconds: (performance.now() - t0) / 1000, cached: true, check: JSON.parse(readFileSync(done, 'utf8')).check ?? null };
    } finally {
      db.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const clip = path.join(dir, 'clip.mp4');
  log(`  ${dataset}: building a ${stills.length}-s clip (${layout.id})`);
  await buildClip(stills, layout, clip);
  const info = await probeMedia(clip);
  if (info.startOffsetMs !== 0 || info.durationMs < stills.length * 1000) throw new Error(`clip ${clip}: start ${info.startOffsetMs} ms, duration ${info.durationMs} ms for ${stills.length} stills`);
  const db = openProjectDb(dir);
  try {
    const recId = `rec-${dataset}`;
    insertRecording(
      db,
      { id: recId, name: `${dataset} stills`, mediaPath: clip, transcriptPath: null, durationMs: info.durationMs, startOffsetMs: info.startOffsetMs, hasVideo: info.hasVideo, hasAudio: info.hasAudio, width: info.width, height: info.height, importedAt: new Date().toISOString() },
      info,
    );
    const segs: Segment[] = stills.map((s, i) => ({ id: `seg-${i}`, recordingId: recId, startMs: i * 1000, endMs: i * 1000 + 1000, speaker: s.subject ?? FER_SPEAKER, text: '' }));
    insertSegments(db, segs);
    const check = await checkClip(info, segs);
    log(`  ${dataset}: clip check: ${check.wrongFrameCount} of ${check.segments} segments without exactly 2 frames inside; bleed in ${check.bleed}; frame-to-frame MAD within a still <= ${check.maxWithin.toFixed(2)}, between neighbours >= ${check.minBetween.toFixed(2)} grey levels`);
    let last = 0;
    await computeMissingFeatures(db, {
      ep: 'cpu',
      fps: SAMPLE_FPS,
      onProgress: (stage, n, total) => {
        if (stage !== 'voice+face' || (n - last < 250 && n !== total)) return;
        last = n;
        log(`  ${dataset}: face features ${n}/${total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      },
    });
    const items = await rowsOf(db, stills);
    if (opts.persist) writeFileSync(done, JSON.stringify({ dataset, layout, stills: stills.length, VIDEO_VERSION, check, seconds: (performance.now() - t0) / 1000 }, null, 1));
    return { items, seconds: (performance.now() - t0) / 1000, cached: false, check };
  } finally {
    db.close();
    rmSync(clip, { force: true });
    if (!opts.persist) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every CK+48 and FER2013-PublicTest still with its video features (computed once, then cached).
 * Rows without a face are kept (faceRatio 0, all expression features 0) so callers can report the
 * detection rate; drop them for training.
 */
export async function readFaces(log: (m: string) => void = (m) => console.log(m), opts: { layout?: string } = {}): Promise<FaceItem[]> {
  const layout = FACE_LAYOUTS.find((l) => l.id === (opts.layout ?? DEFAULT_FACE_LAYOUT));
  if (!layout) throw new Error(`unknown face layout '${opts.layout}'; known: ${FACE_LAYOUTS.map((l) => l.id).join(', ')}`);
  const out: FaceItem[] = [];
  for (const dataset of ['ckplus', 'fer'] as const) {
    const stills = readStills(dataset);
    const run = await featurise(dataset, stills, layout, log, { persist: true });
    log(`  ${dataset}: ${run.items.length} stills, ${run.cached ? 'from the cache' : 'computed'} in ${run.seconds.toFixed(1)} s (${cacheFolder(dataset, stills, layout)})`);
    out.push(...run.items);
  }
  log(detectionSummary(out));
  return out;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '-');

/** Face detection rate (any frame with a face) per dataset and class. */
export function detectionSummary(items: FaceItem[]): string {
  const lines = ['face detection rate (stills with a face in any sampled frame):'];
  for (const dataset of ['ckplus', 'fer'] as const) {
    const d = items.filter((x) => x.dataset === dataset);
    if (!d.length) continue;
    const cls = [...new Set(d.map((x) => x.emotion))].sort();
    const cell = (xs: FaceItem[]) => `${pct(xs.filter((x) => x.faceRatio > 0).length, xs.length)} of ${xs.length}`;
    lines.push(`  ${dataset}: ${cell(d)}; ` + cls.map((c) => `${c} ${cell(d.filter((x) => x.emotion === c))}`).join(', '));
  }
  return lines.join('\n');
}

const feature = (x: FaceItem, name: (typeof VIDEO_FEATURE_NAMES)[number]) => x.video[VIDEO_FEATURE_NAMES.indexOf(name)];

/** Agreement of the expression net's argmax with the dataset class, for stills with a face. */
const CLASS_EXPRESSION: Partial<Record<FaceEmotion, (typeof EXPRESSIONS)[number]>> = {
  angry: 'angry',
  disgust: 'disgusted',
  fear: 'fearful',
  happy: 'happy',
  neutral: 'neutral',
  sad: 'sad',
  surprise: 'surprised',
};
function argmaxAgreement(items: FaceItem[]): { n: number; hit: number } {
  const d = items.filter((x) => x.faceRatio > 0 && CLASS_EXPRESSION[x.emotion as FaceEmotion]);
  const hit = d.filter((x) => {
    const means = EXPRESSIONS.map((e) => feature(x, `${e}Mean`));
    return EXPRESSIONS[means.indexOf(Math.max(...means))] === CLASS_EXPRESSION[x.emotion as FaceEmotion];
  }).length;
  return { n: d.length, hit };
}

async function compareLayouts(every: number): Promise<void> {
  console.log(`layout comparison on every ${every}th still of each dataset (not cached):`);
  for (const dataset of ['ckplus', 'fer'] as const) {
    const stills = readStills(dataset).filter((_, i) => i % every === 0);
    for (const layout of FACE_LAYOUTS) {
      const run = await featurise(dataset, stills, layout, () => {}, { persist: false });
      const found = run.items.filter((x) => x.faceRatio > 0).length;
      const agree = argmaxAgreement(run.items);
      console.log(`  ${dataset.padEnd(6)} ${layout.id.padEnd(13)} faces ${pct(found, stills.length).padStart(7)} of ${stills.length}; argmax = class ${pct(agree.hit, agree.n).padStart(7)} of ${agree.n}; bleed ${run.check?.bleed}, frame count off ${run.check?.wrongFrameCount}; ${run.seconds.toFixed(0)} s`);
    }
  }
}

function sanity(items: FaceItem[]): void {
  const test = items.filter((x) => x.dataset === 'ckplus' && x.split === 'test' && x.faceRatio > 0);
  console.log(`sanity, CK+ test subjects (${new Set(test.map((x) => x.subject)).size} subjects, ${test.length} stills with a face):`);
  const neg = (x: FaceItem) => Math.max(...(['sad', 'angry', 'fearful', 'disgusted'] as const).map((e) => feature(x, `${e}Mean`)));
  const checks: [string, (x: FaceItem) => boolean, FaceEmotion[]][] = [
    ['happyMean > sadMean', (x) => feature(x, 'happyMean') > feature(x, 'sadMean'), ['happy']],
    ['happyMean > max(sad, angry, fearful, disgusted)Mean', (x) => feature(x, 'happyMean') > neg(x), ['happy']],
    ['sadMean > happyMean', (x) => feature(x, 'sadMean') > feature(x, 'happyMean'), ['sad']],
    ['max(sad, angry, fearful, disgusted)Mean > happyMean', (x) => neg(x) > feature(x, 'happyMean'), ['sad', 'angry', 'fear', 'disgust', 'contempt']],
    ['surprisedMean > happyMean', (x) => feature(x, 'surprisedMean') > feature(x, 'happyMean'), ['surprise']],
  ];
  for (const [what, ok, classes] of checks) {
    for (const c of classes) {
      const d = test.filter((x) => x.emotion === c);
      console.log(`  ${c.padEnd(8)} ${what}: ${pct(d.filter(ok).length, d.length)} of ${d.length}`);
    }
  }
  // Valence proxy from the raw means against the label, over all test stills with a face.
  const proxy = test.map((x) => feature(x, 'happyMean') - neg(x));
  const labels = test.map((x) => x.label);
  const mean = (v: number[]) => v.reduce((s, y) => s + y, 0) / v.length;
  const [mp, ml] = [mean(proxy), mean(labels)];
  const cov = proxy.reduce((s, p, i) => s + (p - mp) * (labels[i] - ml), 0);
  const r = cov / Math.sqrt(proxy.reduce((s, p) => s + (p - mp) ** 2, 0) * labels.reduce((s, l) => s + (l - ml) ** 2, 0));
  console.log(`  Pearson r(happyMean - max negative mean, valence label) = ${r.toFixed(3)}`);
  for (const dataset of ['ckplus', 'fer'] as const) {
    const a = argmaxAgreement(items.filter((x) => x.dataset === dataset));
    console.log(`  ${dataset} (all splits): expression argmax = dataset class for ${pct(a.hit, a.n)} of ${a.n} stills with a face (contempt excluded)`);
  }
}

function splitSummary(items: FaceItem[]): void {
  for (const dataset of ['ckplus', 'fer'] as const) {
    const d = items.filter((x) => x.dataset === dataset);
    const parts = (['train', 'calib', 'test'] as const).map((s) => {
      const xs = d.filter((x) => x.split === s);
      const subjects = new Set(xs.map((x) => x.subject).filter(Boolean)).size;
      return `${s} ${xs.length} stills${subjects ? ` / ${subjects} subjects` : ''} (${xs.filter((x) => x.faceRatio > 0).length} with a face)`;
    });
    console.log(`  ${dataset}: ${parts.join('; ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const at = process.argv.indexOf('--layouts');
  if (at >= 0) {
    await compareLayouts(Number(process.argv[at + 1]) || 8);
  } else {
    const items = await readFaces();
    console.log('splits:');
    splitSummary(items);
    sanity(items);
  }
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
