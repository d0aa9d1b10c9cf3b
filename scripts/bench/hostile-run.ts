/**
 * Runs the hostile-input corpus (hostile-cases.ts) through the real CLI entry point, in this
 * process (one `main(argv)` per case, so 70+ cases take a minute, not the CLI's start-up 70 times),
 * against a fresh copy of a labelled project per case.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/index';
import { resolveTool } from '../../src/core/media/ffmpeg-path';
import { defaultPackDir } from '../../src/core/models/pack';
import { createService } from '../../src/core/service';
import { CASES, type Case, type CaseContext } from './hostile-cases';

export interface Outcome {
  c: Case;
  rc: number;
  message: string;
  problems: string[];
  ms: number;
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
/** Tables whose rows are the project; jobs (a failed attempt is recorded) and the feature cache are not. */
const SKIP_TABLES = new Set(['jobs', 'features', 'sqlite_sequence']);

export async function runCorpus(onOutcome: (o: Outcome) => void, filter?: (c: Case) => boolean): Promise<Outcome[]> {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-hostile-')));
  const user = path.join(base, 'user');
  fs.mkdirSync(user);
  const sampleMedia = path.join(user, 'meeting.mp4');
  const sampleVtt = path.join(user, 'meeting.vtt');
  fs.copyFileSync(path.join(ROOT, 'resources/sample/meeting.mp4'), sampleMedia);
  fs.copyFileSync(path.join(ROOT, 'resources/sample/meeting.vtt'), sampleVtt);
  const template = path.join(base, 'template');
  const svc = createService(template);
  let segmentId: string;
  try {
    await svc.api.importRecording({ mediaPath: sampleMedia, transcriptPath: sampleVtt });
    const segs = await svc.api.listSegments({});
    segmentId = segs[0].id;
    await svc.api.setLabel({ segmentId: segs[0].id, score: 2, note: 'acknowledged' });
    await svc.api.setLabel({ segmentId: segs[1].id, score: -1.5 });
  } finally {
    await svc.close();
  }
  const pack = defaultPackDir();
  const out: Outcome[] = [];
  const cwd = process.cwd();
  process.stdout.setMaxListeners(0);
  try {
    for (const [i, c] of CASES.entries()) {
      if (filter && !filter(c)) continue;
      const dir = path.join(base, 'cases', String(i).padStart(3, '0'));
      const project = path.join(dir, 'project');
      fs.mkdirSync(project, { recursive: true });
      fs.copyFileSync(path.join(template, 'attune.db'), path.join(project, 'attune.db'));
      const ctx: CaseContext = {
        dir,
        project,
        sampleMedia,
        sampleVtt,
        segmentId,
        ffmpeg: resolveTool('ffmpeg'),
        pack,
        selfmi: path.join(pack, 'selfmi'),
        write: (name, data) => {
          const p = path.join(dir, name);
          fs.writeFileSync(p, data);
          return p;
        },
      };
      await c.prepare?.(ctx);
      const argv = c.run(ctx);
      if (!argv.includes('--project')) argv.push('--project', project);
      const env = c.env?.(ctx) ?? {};
      const before = { project: projectPrint(project), user: filesPrint(dir, project) + filesPrint(user) };
      const t0 = performance.now();
      const { rc, stderr } = await inProcess(argv, env, dir);
      const ms = performance.now() - t0;
      process.chdir(cwd);
      const problems: string[] = [];
      const want = ([] as number[]).concat(c.rc ?? 1);
      if (!want.includes(rc)) problems.push(`exit ${rc}, wanted ${want.join(' or ')}`);
      const message = stderr.split('\n').filter((l) => l.startsWith('attune:') || l.startsWith('error:')).join(' | ') || stderr.trim().split('\n').slice(-1)[0] || '';
      if (rc !== 0 && c.names && !stderr.includes(c.names(ctx))) problems.push(`message does not name ${c.names(ctx)}`);
      if (c.says && !c.says(ctx).test(stderr)) problems.push(`stderr does not match ${c.says(ctx)}`);
      if (/\n\s+at .+[:(]\d+:\d+\)?/.test(stderr)) problems.push('stack trace on stderr');
      if (!c.changesProject && projectPrint(project) !== before.project) problems.push('project changed');
      if (filesPrint(dir, project) + filesPrint(user) !== before.user) problems.push("user's files changed");
      const o = { c, rc, message, problems, ms };
      out.push(o);
      onOutcome(o);
    }
  } finally {
    process.chdir(cwd);
    fs.rmSync(base, { recursive: true, force: true });
  }
  return out;
}

async function inProcess(argv: string[], env: Record<string, string>, cwd: string): Promise<{ rc: number; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.chdir(cwd);
  try {
    return { rc: await main(argv), stderr };
  } catch (err) {
    return { rc: -1, stderr: `${stderr}\nuncaught: ${(err as Error).stack}` };
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The project's content: the rows of its tables when the database opens, else its raw bytes; every other file's bytes. */
function projectPrint(project: string): string {
  const db = path.join(project, 'attune.db');
  let rows = '';
  try {
    if (!fs.statSync(db).isFile()) throw new Error('not a file');
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const tables = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name).filter((t) => !SKIP_TABLES.has(t));
      for (const t of tables) rows += `${t}:${JSON.stringify(d.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all())}\n`;
      rows += `v${d.pragma('user_version', { simple: true })}`;
    } finally {
      d.close();
    }
  } catch {
    rows = `raw:${hashOf(db)}`;
  }
  return `${rows}\n${filesPrint(project, null, /^attune\.db(-wal|-shm|-journal)?$/)}`;
}

/** Names, kinds and bytes of every file under `dir` (links by target; FIFOs and devices by kind). */
function filesPrint(dir: string, skipDir: string | null = null, skipName?: RegExp): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (p === skipDir || (skipName && d === dir && skipName.test(name))) continue;
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) lines.push(`${p} -> ${fs.readlinkSync(p)}`);
      else if (st.isDirectory()) {
        lines.push(`${p}/`);
        walk(p);
      } else if (st.isFile()) lines.push(`${p} ${hashOf(p)}`);
      else lines.push(`${p} (special)`);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return lines.join('\n');
}

function hashOf(p: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(p)).digest('hex');
  } catch (err) {
    return `unreadable ${(err as NodeJS.ErrnoException).code}`;
  }
}
