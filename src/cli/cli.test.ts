import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const sample = path.join(root, 'resources', 'sample');
let dir: string;

function attune(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attune CLI', () => {
  it('imports, lists, labels and exports with the documented JSON shapes and exit codes', () => {
    const imp = attune('import', path.join(sample, 'meeting.mp4'), '--transcript', path.join(sample, 'meeting.vtt'), '--json');
    expect(imp.code).toBe(0);
    const { recordingId, segments } = JSON.parse(imp.out);
    expect(recordingId).toMatch(/^rec-/);
    expect(segments).toBe(12);
    expect(fs.existsSync(path.join(dir, 'attune-project', 'attune.db'))).toBe(true); // default --project

    const segs = JSON.parse(attune('segments', '--json').out);
    expect(Object.keys(segs[0]).sort()).toEqual(['endMs', 'id', 'recordingId', 'speaker', 'startMs', 'text']);
    expect(attune('label', segs[2].id, '-1.5').code).toBe(0);
    const labels = JSON.parse(attune('labels', '--json').out);
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ segmentId: segs[2].id, score: -1.5 });
    expect(typeof labels[0].updatedAt).toBe('string');
    // Issue 18: a label without a note says so (`note: null`) instead of leaving the key out.
    expect(Object.keys(labels[0]).sort()).toEqual(['note', 'score', 'segmentId', 'updatedAt']);
    expect(labels[0].note).toBeNull();

    const out = path.join(dir, 'labels.csv');
    expect(attune('export', '--format', 'csv', '--out', out).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain(segs[2].id);
  });

  it('lists the shipped model as the active version and switches versions by name', () => {
    const models = JSON.parse(attune('models', '--json').out);
    expect(models.map((m: { id: string; active: boolean }) => [m.id, m.active])).toEqual([['default', true]]);
    // `models` and `models activate` both take --project: either position works.
    expect(attune('models', 'activate', 'default', '--project', 'attune-project').code).toBe(0);
    const missing = attune('models', 'activate', 'v-nope', '--project', 'attune-project');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("no model version 'v-nope'");
  });

  it('labels as a named annotator (--annotator or ATTUNE_ANNOTATOR) and reports agreement between them (issue 16)', () => {
    const segs = JSON.parse(attune('segments', '--json').out);
    const env = (name: string, ...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ATTUNE_ANNOTATOR: name } });
      return r.status;
    };
    const ada = [2, 1, -1, 0];
    const ben = [2, 0, -2, 1];
    segs.slice(4, 8).forEach((s: { id: string }, i: number) => {
      expect(env('Ada', 'label', s.id, String(ada[i]))).toBe(0);
      expect(attune('label', s.id, String(ben[i]), '--annotator', 'Ben').code).toBe(0);
    });
    expect(JSON.parse(attune('labels', '--annotator', 'Ben', '--json').out).map((l: { score: number }) => l.score).sort()).toEqual([...ben].sort());
    const who = JSON.parse(attune('annotators', '--json').out).map((a: { annotator: string; labels: number }) => [a.annotator, a.labels]);
    expect(who).toEqual([['Ada', 4], ['Ben', 4], ['unknown', 1]]);
    const r = JSON.parse(attune('agreement', '--json').out);
    const pair = r.pairs.find((p: { a: string; b: string }) => p.a === 'Ada' && p.b === 'Ben');
    expect(pair.n).toBe(4);
    expect(pair.mae).toBeCloseTo(0.75, 12);
    expect(r.disputed[0].range).toBe(1);
    expect(attune('agreement').out).toMatch(/Ada vs Ben: n 4 /);
    expect(attune('gold-rule').out.trim()).toBe('latest');
    expect(attune('gold-rule', 'annotator:Ben').code).toBe(0);
    expect(JSON.parse(attune('labels', '--json').out).find((l: { segmentId: string }) => l.segmentId === segs[6].id).score).toBe(-2);
    expect(attune('gold-rule', 'mean').code).toBe(0);
    expect(JSON.parse(attune('labels', '--json').out).find((l: { segmentId: string }) => l.segmentId === segs[6].id).score).toBe(-1.5);
    expect(attune('gold-rule', 'mode').code).toBe(2);
    expect(attune('gold-rule', 'latest').code).toBe(0);
    const csv = path.join(dir, 'ben.csv');
    expect(attune('gold-rule', 'annotator:Ben').code).toBe(0);
    expect(attune('export', '--format', 'csv', '--out', csv).code).toBe(0);
    expect(attune('import-labels', csv, '--annotator', 'Gil', '--json').out).toContain('"imported": 4');
    expect(JSON.parse(attune('labels', '--annotator', 'Gil', '--json').out).map((l: { score: number }) => l.score).sort()).toEqual([...ben].sort());
    expect(attune('import-labels', path.join(dir, 'nope.txt'), '--annotator', 'Gil').code).toBe(2);
    expect(attune('gold-rule', 'latest').code).toBe(0);
    const empty = attune('label', segs[4].id, '1', '--annotator', '');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/annotator/);
  });

  it('exports every annotator (--annotators all) and imports one tier back (--from), and shows and sets blind labelling (issue 16)', () => {
    const eaf = path.join(dir, 'all.eaf');
    expect(attune('export', '--format', 'eaf', '--out', eaf, '--annotators', 'all').code).toBe(0);
    expect(fs.readFileSync(eaf, 'utf8')).toContain('TIER_ID="sentiment:Ben"');
    expect(JSON.parse(attune('import-labels', eaf, '--annotator', 'Ben3', '--from', 'sentiment:Ben', '--json').out)).toMatchObject({ imported: 4, unmatched: [] });
    expect(attune('export', '--format', 'eaf', '--out', eaf, '--force', '--annotators', 'some').code).toBe(2);

    expect(attune('blind').out.trim()).toBe('off');
    expect(attune('blind', 'on').out.trim()).toBe('on');
    expect(JSON.parse(attune('blind', '--json').out)).toEqual({ blind: true });
    expect(attune('blind', 'maybe').code).toBe(2);
    expect(attune('blind', 'off').out.trim()).toBe('off');
  });

  it('exits 2 on usage errors and 1 on bad input, naming the file', () => {
    expect(attune('label').code).toBe(2);
    expect(attune('label', 'x', '7').code).toBe(2);
    expect(attune('export', '--format', 'docx', '--out', 'x').code).toBe(2);
    expect(attune('frobnicate').code).toBe(2);
    expect(attune().code).toBe(2);
    expect(attune('--help').code).toBe(0);
    const none = attune('export', '--format', 'csv', '--out', path.join(dir, 'none.csv'), '--recording', 'rec-nope');
    expect(none.code).toBe(1);
    expect(none.err).toContain('rec-nope');
    expect(fs.existsSync(path.join(dir, 'none.csv'))).toBe(false);
    const bogus = path.join(dir, 'bogus.vtt');
    fs.writeFileSync(bogus, 'not a vtt\n');
    const r = attune('import', path.join(sample, 'meeting.mp4'), '--transcript', bogus, '--project', 'p2');
    expect(r.code).toBe(1);
    expect(r.err).toContain('bogus.vtt');
    expect(r.out).toBe('');
    const corrupt = path.join(dir, 'corrupt');
    fs.mkdirSync(corrupt);
    fs.writeFileSync(path.join(corrupt, 'attune.db'), 'not a database, '.repeat(64));
    const c = attune('recordings', '--project', corrupt);
    expect(c.code).toBe(1);
    expect(c.err).toContain(path.join(corrupt, 'attune.db'));
  });
});
