/**
 * Issue 10, item 10: each of these used to fail with a message that missed the file (or did not
 * fail at all). Permission cases run as an unprivileged user: root ignores file modes, and CI is root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itNeeds } from '../core/test-util/needs';

const root = path.resolve(__dirname, '..', '..');
const sample = path.join(root, 'resources', 'sample');
let dir: string;
let project: string;

const isRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
/**
 * As root, drop to nobody for the permission cases (as anyone else, file modes already apply).
 * nobody keeps CAP_DAC_READ_SEARCH, so it reads this checkout wherever it lies (a clone under a 0700
 * mktemp folder too) while every write still goes by the file modes; plain nobody where that
 * capability cannot be kept.
 */
const candidates = setpriv ? [[setpriv, ...nobody, '--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search'], [setpriv, ...nobody]] : [];
const probe = `require('fs').accessSync(${JSON.stringify(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'))})`;
const dropTo = candidates.find((c) => spawnSync(c[0], [...c.slice(1), process.execPath, '-e', probe]).status === 0) ?? null;
const unprivileged = isRoot ? dropTo : [];
const cannotDrop = unprivileged !== null ? null
  : !setpriv ? 'running as root without setpriv (util-linux) to run the CLI as an unprivileged user'
  : `running as root and the user nobody cannot read ${root}, even with CAP_DAC_READ_SEARCH`;

function attune(args: string[], asUser = false) {
  const argv = [process.execPath, path.join(root, 'bin', 'attune.mjs'), ...args];
  const cmd = asUser && unprivileged ? [...unprivileged, ...argv] : argv;
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-clear-errors-')));
  fs.chmodSync(dir, 0o755);
  project = path.join(dir, 'p');
  expect(attune(['import', path.join(sample, 'meeting.mp4'), '--transcript', path.join(sample, 'meeting.vtt'), '--project', project]).code).toBe(0);
});
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('clear errors that name the file', () => {
  itNeeds(cannotDrop)('a read-only project: names attune.db and says read-only, and changes nothing', () => {
    const ro = path.join(dir, 'ro');
    fs.cpSync(project, ro, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX,a-w', ro]);
    const db = path.join(ro, 'attune.db');
    const before = fs.readFileSync(db);
    const seg = JSON.parse(attune(['segments', '--json', '--project', project]).out)[0].id;
    const r = attune(['label', seg, '1', '--project', ro], true);
    expect(r.code).toBe(1);
    expect(r.err).toContain(db);
    expect(r.err).toMatch(/read-only/);
    expect(r.err).not.toMatch(/attempt to write a readonly database$/m);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  itNeeds(cannotDrop)('an export to an unwritable folder names the destination, not a temporary file', () => {
    const shared = path.join(dir, 'shared-p');
    fs.cpSync(project, shared, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rwX', shared]);
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const out = path.join(locked, 'labels.csv');
    const r = attune(['export', '--format', 'csv', '--out', out, '--project', shared], true);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${out}: cannot write here`);
    expect(r.err).not.toMatch(/\.partial-/);
    expect(fs.readdirSync(locked)).toEqual([]);
  });

  it('a media symbolic link loop is called a loop, not "not found"', () => {
    const loop = path.join(dir, 'loop.mp4');
    fs.symlinkSync(loop, loop);
    const r = attune(['import', loop, '--transcript', path.join(sample, 'meeting.vtt'), '--project', path.join(dir, 'loop-p')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${loop}: media file is a symbolic link loop`);
    expect(fs.existsSync(path.join(dir, 'loop-p', 'attune.db'))).toBe(false);
  });

  it('attune.db that is a folder is named as such', () => {
    const p = path.join(dir, 'folder-db');
    fs.mkdirSync(path.join(p, 'attune.db'), { recursive: true });
    const r = attune(['segments', '--project', p]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(p, 'attune.db')}: is a folder, not an Attune project database`);
  });

  it('an EAF with an external entity is refused at import, naming the file and line', () => {
    const eaf = path.join(dir, 'xxe.eaf');
    fs.writeFileSync(
      eaf,
      '<?xml version="1.0"?>\n<!DOCTYPE d [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="milliseconds"/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/></TIME_ORDER><TIER TIER_ID="A"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>&x;</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>\n',
    );
    const before = attune(['segments', '--json', '--project', project]).out;
    const r = attune(['import', path.join(sample, 'meeting.mp4'), '--transcript', eaf, '--project', project]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${eaf}:3: declares an external XML entity`);
    expect(r.err).not.toContain('root:');
    expect(attune(['segments', '--json', '--project', project]).out).toBe(before);
  });
});
