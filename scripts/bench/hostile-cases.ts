/**
 * The hostile-input corpus (issue 10): each case builds its bad input in a scratch folder and
 * names the CLI command that meets it. The runner (hostile.ts) checks every case the same way:
 * the exit status, that the message names the file (where one is to blame), no stack trace, and
 * that the project and every user file are byte-for-byte as they were.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Area = 'media' | 'transcript' | 'label' | 'export' | 'database' | 'model' | 'eval-csv';

export interface CaseContext {
  /** Scratch folder of this case (the user's files). */
  dir: string;
  /** A copy of the labelled template project for this case. */
  project: string;
  sampleMedia: string;
  sampleVtt: string;
  segmentId: string;
  ffmpeg: string;
  /** The shipped model pack and the project's active Self-MI version folder. */
  pack: string;
  selfmi: string;
  write(name: string, data: string | Uint8Array): string;
}

export interface Case {
  area: Area;
  name: string;
  /** CLI arguments (without `--project`, added by the runner unless `noProject`). */
  run(ctx: CaseContext): string[];
  /** 1 (bad input) unless said; 0 for hostile-but-valid input that must simply work; a list: any of them. */
  rc?: 0 | 1 | 2 | (0 | 1 | 2)[];
  /** Done before the project is fingerprinted (e.g. importing the damaged file whose analysis is the case). */
  prepare?(ctx: CaseContext): Promise<void>;
  /** stderr must match (a warning that names the file). */
  says?(ctx: CaseContext): RegExp;
  /** Text the message must contain, usually the path of the file to blame. */
  names?(ctx: CaseContext): string;
  /** For rc 0: the project may change (an import that must succeed). */
  changesProject?: boolean;
  env?(ctx: CaseContext): Record<string, string>;
}

const vttOf = (cue: string) => `WEBVTT\n\n${cue}\n`;
const eafDoc = (head: string, value: string) =>
  `<?xml version="1.0"?>\n${head}<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="milliseconds"/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/></TIME_ORDER><TIER TIER_ID="A"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>${value}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>\n`;
const laughs = () => {
  let s = '<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n';
  for (let i = 1; i < 10; i++) s += `<!ENTITY lol${i} "${`&${i === 1 ? 'lol' : `lol${i - 1}`};`.repeat(10)}">\n`;
  return `${s}]>\n`;
};
const random = (n: number, seed = 7) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

/** Import `media` with the sample transcript (or `transcript`). */
const importWith = (media: (c: CaseContext) => string, transcript?: (c: CaseContext) => string | null) => (c: CaseContext) => {
  const t = transcript ? transcript(c) : c.sampleVtt;
  return ['import', media(c), ...(t ? ['--transcript', t] : [])];
};
const importTranscript = (name: string, data: string | Uint8Array | (() => string | Uint8Array)): Pick<Case, 'run' | 'names'> => ({
  run: importWith(
    (c) => c.sampleMedia,
    (c) => c.write(name, typeof data === 'function' ? data() : data),
  ),
  names: (c) => path.join(c.dir, name),
});
const mediaFile = (name: string, data: (c: CaseContext) => string | Uint8Array): Pick<Case, 'run' | 'names'> => ({
  run: importWith((c) => c.write(name, data(c))),
  names: (c) => path.join(c.dir, name),
});

export const CASES: Case[] = [
  // --- media ---
  { area: 'media', name: 'zero-byte mp4', ...mediaFile('empty.mp4', () => '') },
  { area: 'media', name: 'random bytes as mp4', ...mediaFile('noise.mp4', () => random(200_000)) },
  { area: 'media', name: 'a text file named .mp4', ...mediaFile('notes.mp4', () => 'these are my meeting notes\n') },
  {
    area: 'media',
    name: 'first 30 % of a faststart mp4: probes, then runs out',
    prepare: (c) => importInto(c, c.write('head.mp4', fs.readFileSync(c.sampleMedia).subarray(0, Math.floor(fs.statSync(c.sampleMedia).size * 0.3)))),
    run: () => ['features', '--ep', 'cpu'],
    rc: 0,
    says: (c) => new RegExp(`${escape(path.join(c.dir, 'head.mp4'))}: the (audio|video) stream ends at`),
  },
  {
    area: 'media',
    name: 'mp4 with its middle overwritten by noise',
    prepare: (c) => {
      const b = Buffer.from(fs.readFileSync(c.sampleMedia));
      b.set(random(Math.floor(b.length / 2)), Math.floor(b.length / 4));
      return importInto(c, c.write('scrambled.mp4', b));
    },
    run: () => ['features', '--ep', 'cpu'],
    // ffmpeg conceals damage where it can: features with a warning, or an error naming the file.
    rc: [0, 1],
    names: (c) => path.join(c.dir, 'scrambled.mp4'),
  },
  { area: 'media', name: 'unsupported extension .avi', ...mediaFile('talk.avi', (c) => fs.readFileSync(c.sampleMedia)) },
  { area: 'media', name: 'no extension', ...mediaFile('talk', (c) => fs.readFileSync(c.sampleMedia)) },
  { area: 'media', name: 'missing file', run: (c) => ['import', path.join(c.dir, 'nope.mp4'), '--transcript', c.sampleVtt], names: (c) => path.join(c.dir, 'nope.mp4') },
  { area: 'media', name: 'a folder named .mp4', run: (c) => (fs.mkdirSync(path.join(c.dir, 'dir.mp4')), ['import', path.join(c.dir, 'dir.mp4'), '--transcript', c.sampleVtt]), names: (c) => path.join(c.dir, 'dir.mp4') },
  { area: 'media', name: 'symbolic link loop', run: (c) => { const p = path.join(c.dir, 'loop.mp4'); fs.symlinkSync(p, p); return ['import', p, '--transcript', c.sampleVtt]; }, names: (c) => path.join(c.dir, 'loop.mp4') },
  { area: 'media', name: 'link to /dev/zero named .mp4', run: (c) => { const p = path.join(c.dir, 'zero.mp4'); fs.symlinkSync('/dev/zero', p); return ['import', p, '--transcript', c.sampleVtt]; }, names: (c) => path.join(c.dir, 'zero.mp4') },
  { area: 'media', name: 'a FIFO named .mp4', run: (c) => { const p = path.join(c.dir, 'pipe.mp4'); execFileSync('mkfifo', [p]); return ['import', p, '--transcript', c.sampleVtt]; }, names: (c) => path.join(c.dir, 'pipe.mp4') },
  {
    area: 'media',
    name: 'video without audio and no transcript',
    run: (c) => {
      const p = path.join(c.dir, 'silent-film.mp4');
      execFileSync(c.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=160x120:r=10:d=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', p]);
      return ['import', p];
    },
    names: (c) => path.join(c.dir, 'silent-film.mp4'),
  },
  { area: 'media', name: 'a name starting with a dash (argv injection)', run: (c) => { const p = path.join(c.dir, '-y -i evil.mp4'); fs.copyFileSync(c.sampleMedia, p); return ['import', p, '--transcript', c.sampleVtt]; }, rc: 0, changesProject: true },
  { area: 'media', name: 'a name with a newline, quotes and $(…)', run: (c) => { const p = path.join(c.dir, 'we"ird\n$(touch pwned).mp4'); fs.copyFileSync(c.sampleMedia, p); return ['import', p, '--transcript', c.sampleVtt]; }, rc: 0, changesProject: true },

  // --- transcripts ---
  { area: 'transcript', name: 'empty file', ...importTranscript('empty.vtt', '') },
  { area: 'transcript', name: 'whitespace only', ...importTranscript('blank.srt', '\n \n\t\n') },
  { area: 'transcript', name: 'non-UTF-8 bytes', ...importTranscript('latin1.vtt', Buffer.concat([Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nna'), Buffer.from([0xef, 0xff, 0xfe]), Buffer.from('ve\n')])) },
  { area: 'transcript', name: 'random bytes as .vtt', ...importTranscript('noise.vtt', random(5000, 3)) },
  { area: 'transcript', name: 'missing WEBVTT header', ...importTranscript('nohead.vtt', '00:00.000 --> 00:01.000\nhello\n') },
  { area: 'transcript', name: 'malformed WebVTT timestamp', ...importTranscript('badtime.vtt', vttOf('00:00.000 --> 00:0x.000\nhello')) },
  { area: 'transcript', name: 'malformed SRT index and time', ...importTranscript('bad.srt', 'one\n00:00:00,000 -> 00:00:01,000\nhello\n') },
  { area: 'transcript', name: 'cue ends before it starts', ...importTranscript('backwards.vtt', vttOf('00:00:02.000 --> 00:00:01.000\nbackwards')) },
  { area: 'transcript', name: 'cue after the end of the media', ...importTranscript('late.vtt', vttOf('05:00:00.000 --> 05:00:01.000\nlate')) },
  { area: 'transcript', name: 'truncated JSON', ...importTranscript('cut.json', '{"segments": [{"start": 0, "end": 1, "text": "hi"}, {"start": 1, "en') },
  { area: 'transcript', name: 'JSON with ill-typed times', ...importTranscript('types.json', '{"segments": [{"start": "soon", "end": 1, "text": "hi"}]}') },
  { area: 'transcript', name: 'JSON nested 100 000 deep', ...importTranscript('deep.json', () => '['.repeat(100_000) + ']'.repeat(100_000)) },
  { area: 'transcript', name: 'EAF with a dangling time slot', ...importTranscript('dangling.eaf', eafDoc('', 'x').replace('TIME_SLOT_REF2="ts2"', 'TIME_SLOT_REF2="ts9"')) },
  { area: 'transcript', name: 'EAF with broken XML', ...importTranscript('broken.eaf', eafDoc('', 'x').replace('</TIER>', '')) },
  { area: 'transcript', name: 'EAF with an external entity (XXE)', ...importTranscript('xxe.eaf', eafDoc('<!DOCTYPE d [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n', '&x;')) },
  { area: 'transcript', name: 'EAF with nested entities (billion laughs)', ...importTranscript('lol.eaf', eafDoc(laughs(), '&lol9;')) },
  { area: 'transcript', name: 'EAF with a parameter entity', ...importTranscript('param.eaf', eafDoc('<!DOCTYPE d [\n<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd">\n%p;\n]>\n', 'x')) },
  { area: 'transcript', name: 'TextGrid with a broken header', ...importTranscript('broken.TextGrid', 'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = zero\n') },
  { area: 'transcript', name: 'CSV without a unit-declaring header', ...importTranscript('nohdr.csv', '0,1,hello\n1,2,there\n') },
  { area: 'transcript', name: 'CSV with an unclosed quote', ...importTranscript('quote.csv', 'start_ms,end_ms,text\n0,1000,"hello\n1000,2000,there\n') },
  { area: 'transcript', name: 'one 20 MB cue', ...importTranscript('huge.vtt', () => vttOf(`00:00.000 --> 00:01.000\n${'a'.repeat(20 * 1024 * 1024)}`)) },
  { area: 'transcript', name: 'a folder as transcript', run: (c) => (fs.mkdirSync(path.join(c.dir, 'folder.vtt')), ['import', c.sampleMedia, '--transcript', path.join(c.dir, 'folder.vtt')]), names: (c) => path.join(c.dir, 'folder.vtt') },
  { area: 'transcript', name: 'missing transcript', run: (c) => ['import', c.sampleMedia, '--transcript', path.join(c.dir, 'gone.vtt')], names: (c) => path.join(c.dir, 'gone.vtt') },
  { area: 'transcript', name: 'transcript link loop', run: (c) => { const p = path.join(c.dir, 'loop.vtt'); fs.symlinkSync(p, p); return ['import', c.sampleMedia, '--transcript', p]; }, names: (c) => path.join(c.dir, 'loop.vtt') },

  // --- labels ---
  { area: 'label', name: 'score NaN', run: (c) => ['label', c.segmentId, 'NaN'], rc: 2 },
  { area: 'label', name: 'score out of range (4)', run: (c) => ['label', c.segmentId, '4'], rc: 2 },
  { area: 'label', name: 'score Infinity', run: (c) => ['label', c.segmentId, 'Infinity'], rc: 2 },
  { area: 'label', name: 'score not a number', run: (c) => ['label', c.segmentId, 'happy'], rc: 2 },
  { area: 'label', name: 'unknown segment id', run: () => ['label', 'seg-0000000000', '1'], rc: 1, names: () => 'seg-0000000000' },
  { area: 'label', name: 'SQL in the segment id', run: () => ['label', "x' OR '1'='1", '1'] },
  { area: 'label', name: 'a 20 000-character note', run: (c) => ['label', c.segmentId, '1', '--note', 'n'.repeat(20_000)], rc: 2 },
  { area: 'label', name: 'no score given', run: (c) => ['label', c.segmentId], rc: 2 },

  // --- exports ---
  { area: 'export', name: 'over the project database', run: (c) => ['export', '--format', 'csv', '--force', '--out', path.join(c.project, 'attune.db')], names: (c) => path.join(c.project, 'attune.db') },
  { area: 'export', name: 'over the database WAL', run: (c) => ['export', '--format', 'csv', '--force', '--out', path.join(c.project, 'attune.db-wal')], names: (c) => path.join(c.project, 'attune.db-wal') },
  { area: 'export', name: 'inside the project models folder', run: (c) => ['export', '--format', 'json', '--out', path.join(c.project, 'models', 'x.json')], names: (c) => path.join(c.project, 'models', 'x.json') },
  { area: 'export', name: 'over the recording media', run: (c) => ['export', '--format', 'csv', '--force', '--out', c.sampleMedia], names: (c) => c.sampleMedia },
  { area: 'export', name: 'over the recording transcript', run: (c) => ['export', '--format', 'vtt', '--force', '--out', c.sampleVtt], names: (c) => c.sampleVtt },
  { area: 'export', name: 'through a link onto the database', run: (c) => { const p = path.join(c.dir, 'innocent.csv'); fs.symlinkSync(path.join(c.project, 'attune.db'), p); return ['export', '--format', 'csv', '--force', '--out', p]; }, names: (c) => path.join(c.dir, 'innocent.csv') },
  { area: 'export', name: 'over an existing file without --force', run: (c) => ['export', '--format', 'csv', '--out', c.write('mine.csv', 'my own work\n')], names: (c) => path.join(c.dir, 'mine.csv') },
  { area: 'export', name: 'onto a folder', run: (c) => (fs.mkdirSync(path.join(c.dir, 'out.csv')), ['export', '--format', 'csv', '--force', '--out', path.join(c.dir, 'out.csv')]), names: (c) => path.join(c.dir, 'out.csv') },
  { area: 'export', name: 'into a folder that does not exist', run: (c) => ['export', '--format', 'csv', '--out', path.join(c.dir, 'no', 'such', 'x.csv')], names: (c) => path.join(c.dir, 'no', 'such', 'x.csv') },
  { area: 'export', name: 'unknown format', run: (c) => ['export', '--format', 'xlsx', '--out', path.join(c.dir, 'x.xlsx')], rc: 2 },

  // --- databases ---
  { area: 'database', name: 'attune.db of random bytes', run: (c) => (fs.writeFileSync(path.join(c.project, 'attune.db'), random(65536, 11)), ['segments']), names: (c) => path.join(c.project, 'attune.db') },
  { area: 'database', name: 'attune.db of 0 bytes', run: (c) => (fs.writeFileSync(path.join(c.project, 'attune.db'), ''), ['labels']), names: (c) => path.join(c.project, 'attune.db') },
  { area: 'database', name: 'attune.db is a folder', run: (c) => (fs.rmSync(path.join(c.project, 'attune.db')), fs.mkdirSync(path.join(c.project, 'attune.db')), ['segments']), names: (c) => path.join(c.project, 'attune.db') },
  { area: 'database', name: 'attune.db cut in half', run: (c) => { const f = path.join(c.project, 'attune.db'); fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)); return ['labels']; }, names: (c) => path.join(c.project, 'attune.db') },
  { area: 'database', name: 'attune.db with pages overwritten', run: (c) => { const f = path.join(c.project, 'attune.db'); const b = fs.readFileSync(f); b.set(random(8192, 5), 4096); fs.writeFileSync(f, b); return ['segments']; }, names: (c) => path.join(c.project, 'attune.db') },
  { area: 'database', name: 'a text file as attune.db', run: (c) => (fs.writeFileSync(path.join(c.project, 'attune.db'), 'hello, I am not SQLite\n'), ['segments']), names: (c) => path.join(c.project, 'attune.db') },
  {
    area: 'database',
    name: 'a database from a newer Attune',
    prepare: async (c) => {
      const d = new Database(path.join(c.project, 'attune.db'));
      d.pragma('user_version = 999');
      d.close();
    },
    run: () => ['segments'],
    names: (c) => path.join(c.project, 'attune.db'),
  },
  { area: 'database', name: 'the project folder is a file', run: (c) => ['segments', '--project', c.write('project-file', 'x')], names: (c) => path.join(c.dir, 'project-file') },

  // --- model packs and model folders ---
  { area: 'model', name: 'eval with a model folder that does not exist', run: (c) => ['eval', c.write('l.csv', 'id,text,label\na,good,1\n'), '--model', path.join(c.dir, 'no-model')], names: (c) => path.join(c.dir, 'no-model') },
  { area: 'model', name: 'eval with random bytes as model.onnx', run: (c) => ['eval', c.write('l.csv', 'id,text,label\na,good,1\n'), '--model', modelCopy(c, 'noise', (d) => fs.writeFileSync(path.join(d, 'model.onnx'), random(4096, 9)))], names: (c) => path.join(c.dir, 'noise') },
  { area: 'model', name: 'eval with another ONNX model (the VAD) as model.onnx', run: (c) => ['eval', c.write('l.csv', 'id,text,label\na,good,1\n'), '--model', modelCopy(c, 'wrong-onnx', (d) => fs.copyFileSync(path.join(c.pack, 'silero_vad_16k_op15.onnx'), path.join(d, 'model.onnx')))], names: (c) => path.join(c.dir, 'wrong-onnx') },
  { area: 'model', name: 'eval with a manifest that is not JSON', run: (c) => ['eval', c.write('l.csv', 'id,text,label\na,good,1\n'), '--model', modelCopy(c, 'badjson', (d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{"format": 2,'))], names: (c) => path.join(c.dir, 'badjson') },
  { area: 'model', name: 'eval with a manifest missing', run: (c) => ['eval', c.write('l.csv', 'id,text,label\na,good,1\n'), '--model', modelCopy(c, 'nomanifest', (d) => fs.rmSync(path.join(d, 'manifest.json')))], names: (c) => path.join(c.dir, 'nomanifest') },
  { area: 'model', name: 'pack folder without a manifest (ATTUNE_MODELS)', run: () => ['features'], env: (c) => ({ ATTUNE_MODELS: (fs.mkdirSync(path.join(c.dir, 'empty-pack')), path.join(c.dir, 'empty-pack')) }), names: (c) => path.join(c.dir, 'empty-pack') },
  { area: 'model', name: 'pack with a corrupted text encoder', run: () => ['features'], env: (c) => ({ ATTUNE_MODELS: packCopy(c, 'all-MiniLM-L6-v2.onnx') }), names: () => 'all-MiniLM-L6-v2.onnx' },
  { area: 'model', name: 'pack with a corrupted tokenizer', run: () => ['features'], env: (c) => ({ ATTUNE_MODELS: packCopy(c, 'tokenizer.json') }), names: () => 'tokenizer.json' },

  // --- label CSVs given to eval ---
  { area: 'eval-csv', name: 'label CSV without a label column', run: (c) => ['eval', c.write('nolabel.csv', 'id,text\na,good\n')], names: (c) => path.join(c.dir, 'nolabel.csv') },
  { area: 'eval-csv', name: 'label CSV with a label that is not a number', run: (c) => ['eval', c.write('nan.csv', 'id,text,label\na,good,lots\n')], names: (c) => path.join(c.dir, 'nan.csv') },
  { area: 'eval-csv', name: 'label CSV of random bytes', run: (c) => ['eval', c.write('noise.csv', random(3000, 21))], names: (c) => path.join(c.dir, 'noise.csv') },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Imports `media` (with the sample transcript) into the case's project, as a user did earlier. */
async function importInto(c: CaseContext, media: string): Promise<void> {
  const { createService } = await import('../../src/core/service');
  const svc = createService(c.project);
  try {
    await svc.api.importRecording({ mediaPath: media, transcriptPath: c.sampleVtt });
  } finally {
    await svc.close();
  }
}

/** A copy of the project's active Self-MI version folder with one thing broken. */
function modelCopy(c: CaseContext, name: string, breakIt: (dir: string) => void): string {
  const d = path.join(c.dir, name);
  fs.cpSync(c.selfmi, d, { recursive: true });
  breakIt(d);
  return d;
}

/** The model pack, linked file by file, with one file replaced by noise of the same size. */
function packCopy(c: CaseContext, broken: string): string {
  const d = path.join(c.dir, `pack-${broken}`);
  fs.mkdirSync(d);
  for (const f of fs.readdirSync(c.pack)) {
    const from = path.join(c.pack, f);
    if (f === broken) fs.writeFileSync(path.join(d, f), random(fs.statSync(from).size, 13));
    else fs.symlinkSync(from, path.join(d, f));
  }
  return d;
}
