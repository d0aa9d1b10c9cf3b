/**
 * The default model's held-out checks through the product's own `attune eval --media`, as a user
 * would run them: media files + an `id,text,label,speaker` CSV per set, the full pipeline.
 * - RAVDESS actors 17-20 (never seen by the voice head), happy vs sad, the spoken sentence as text,
 *   one speaker per actor (voice z-scored per actor, over that actor's happy and sad clips only);
 * - the same actors with all 8 emotions (240 clips), so each actor's voice baseline is a whole
 *   session as in training (and as in a meeting, where one speaker's segments vary), and its happy
 *   vs sad subset read from the same run's predictions;
 * - CK+48 test subjects (never seen by the face head), happy vs sad/angry/fear/disgust, each still
 *   as a 2 s clip in the same camera-like layout as training, no words, one speaker per subject.
 * Prints each head's metrics and coverage (the eval JSON) and writes plots under --out (default a temp dir).
 *
 * Usage: node bin/run-ts.mjs scripts/train/check-media.ts [--model DIR] [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { resolveTool } from '../../src/core/media/ffmpeg-path';
import { sharedDir } from './datasets';
import { FACE_VALENCE, splitSubjects, type FaceEmotion } from './faces';
import { RAVDESS_VALENCE, type RavdessEmotion } from './datasets';
import { evaluate, intervalCoverage } from '../../src/core/selfmi/metrics';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (n: string) => (process.argv.indexOf(n) >= 0 ? process.argv[process.argv.indexOf(n) + 1] : undefined);
const model = path.resolve(arg('--model') ?? path.join(repoRoot, 'models', 'default', 'selfmi'));
const out = path.resolve(arg('--out') ?? mkdtempSync(path.join(os.tmpdir(), 'attune-check-media-')));
const ffmpeg = resolveTool('ffmpeg');
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 6).join(' ')} … failed: ${r.stderr.slice(-500)}`);
  return r.stdout;
};
const readCsv = (file: string) => {
  const [head, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>);
};

function evalSet(name: string, dir: string, rows: { id: string; text: string; label: number; speaker: string }[]) {
  const csv = path.join(out, `${name}.csv`);
  writeFileSync(csv, stringify(rows, { header: true, columns: ['id', 'text', 'label', 'speaker'] }));
  const json = run(process.execPath, [path.join(repoRoot, 'bin', 'attune.mjs'), 'eval', csv, '--media', dir, '--model', model, '--json', '--ep', 'cpu', '--plot', path.join(out, `${name}.svg`), '--predictions', path.join(out, `${name}-predictions.csv`)]);
  const r = JSON.parse(json) as { heads: Record<string, Record<string, number | null>> };
  console.log(`${name} (${rows.length} items):`);
  for (const [h, m] of Object.entries(r.heads)) {
    if (m.n === null || m.mae === null) console.log(`  ${h.padEnd(6)} —`);
    else console.log(`  ${h.padEnd(6)} n ${m.n}  MAE ${m.mae?.toFixed(3)}  Corr ${m.corr?.toFixed(3)}  Non0 Acc-2 ${(100 * (m.non0_acc2 ?? NaN)).toFixed(1)}  cover80 ${m.coverage80 === null ? '—' : (100 * m.coverage80).toFixed(1)}`);
  }
}

// RAVDESS 17-20, happy vs sad; then all emotions, with the happy vs sad subset of that run.
const ravDir = path.join(sharedDir, 'data', 'ravdess');
const ravMedia = path.join(out, 'ravdess');
mkdirSync(ravMedia, { recursive: true });
const ravAll = readCsv(path.join(ravDir, 'labels.csv')).filter((r) => Number(r.actor) >= 17);
const ravAllRows = ravAll.map((r) => {
  const id = path.basename(r.path, '.flac');
  run(ffmpeg, ['-nostdin', '-loglevel', 'error', '-y', '-i', path.join(ravDir, r.path), '-ac', '1', '-ar', '16000', path.join(ravMedia, `${id}.wav`)]);
  return { id, text: r.text, label: RAVDESS_VALENCE[r.emotion as RavdessEmotion], speaker: `actor-${r.actor}`, emotion: r.emotion };
});
const happySad = (r: { emotion: string }) => r.emotion === 'happy' || r.emotion === 'sad';
const strip = ({ emotion: _e, ...r }: (typeof ravAllRows)[number]) => r;
evalSet('ravdess-17-20-happy-sad', ravMedia, ravAllRows.filter(happySad).map(strip));
evalSet('ravdess-17-20-all', ravMedia, ravAllRows.map(strip));
{
  const pred = readCsv(path.join(out, 'ravdess-17-20-all-predictions.csv'));
  const keep = new Set(ravAllRows.filter(happySad).map((r) => r.id));
  const rows = pred.filter((p) => keep.has(p.id));
  console.log(`ravdess-17-20-all, its happy vs sad subset (${rows.length} items; voice normalised over each actor's 60 clips):`);
  for (const h of ['fused', 'text', 'audio']) {
    const p = rows.map((r) => Number(r[h]));
    const y = rows.map((r) => Number(r.truth));
    const m = evaluate(p, y);
    const cov = intervalCoverage(p, rows.map((r) => Number(r[`${h}_sd`])), y);
    console.log(`  ${h.padEnd(6)} n ${m.n}  MAE ${m.mae.toFixed(3)}  Corr ${m.corr.toFixed(3)}  Non0 Acc-2 ${(100 * m.non0_acc2).toFixed(1)}  cover80 ${(100 * cov).toFixed(1)}`);
  }
}

// CK+ test subjects, happy vs negative expressions; stills -> 2 s clips, as in training (faces.ts layout).
const ckDir = path.join(sharedDir, 'data', 'faces', 'ckplus48');
const ck = readCsv(path.join(ckDir, 'labels.csv'));
const split = splitSubjects(ck.map((r) => r.subject));
const ckMedia = path.join(out, 'ckplus');
mkdirSync(ckMedia, { recursive: true });
const ckRows = ck
  .filter((r) => split.get(r.subject) === 'test' && ['happy', 'sad', 'angry', 'fear', 'disgust'].includes(r.emotion))
  .map((r) => {
    const id = path.basename(r.path).replace(/\.[a-z]+$/i, '');
    const vf = 'format=gray,scale=200:200:flags=bicubic,pad=640:360:(ow-iw)/2:(oh-ih)/2:color=0x808080,format=yuv420p';
    run(ffmpeg, ['-nostdin', '-loglevel', 'error', '-y', '-loop', '1', '-framerate', '4', '-t', '2', '-i', path.join(ckDir, r.path), '-vf', vf, '-c:v', 'libx264', '-bf', '0', '-pix_fmt', 'yuv420p', path.join(ckMedia, `${id}.mp4`)]);
    return { id, text: '', label: FACE_VALENCE[r.emotion as FaceEmotion], speaker: r.subject };
  });
evalSet('ckplus-test-happy-vs-negative', ckMedia, ckRows);
console.log(`files under ${out}`);
