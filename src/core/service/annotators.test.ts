import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { useSampleProject } from '../test-util/sample-project';
import { krippendorffIntervalAlpha, linCcc, pearson } from '../analysis/agreement';
import { DB_FILE, openProjectDb } from '../store/db';
import { MIGRATIONS } from '../store/migrations';

describe('several annotators on one project', () => {
  const p = useSampleProject('annotators');

  it("keeps each annotator's own labels, lists them, and reports agreement on the segments both labelled", async () => {
    const { api } = p.svc;
    const segs = await api.listSegments({});
    expect(segs.length).toBeGreaterThanOrEqual(6);
    const ada = [3, 2, 1, 0, -1, -2];
    const ben = [2, 2, 0, 1, -2, -3];
    for (const [i, s] of segs.slice(0, 6).entries()) {
      await api.setLabel({ segmentId: s.id, score: ada[i], annotator: 'Ada' });
      await api.setLabel({ segmentId: s.id, score: ben[i], annotator: 'Ben' });
    }
    // Ada changes her mind on one; her own current label is the latest of hers, Ben's stays.
    await api.setLabel({ segmentId: segs[0].id, score: 1, annotator: 'Ada' });
    ada[0] = 1;
    expect((await api.listLabels({ annotator: 'Ada' })).map((l) => l.score).sort()).toEqual([...ada].sort());
    expect((await api.listLabels({ annotator: 'Ben' })).map((l) => l.score).sort()).toEqual([...ben].sort());
    expect((await api.listAnnotators({})).map((a) => [a.annotator, a.labels])).toEqual([['Ada', 6], ['Ben', 6]]);

    const r = contract.agreement.response.parse(await api.agreement({}));
    expect(r.items).toBe(6);
    const pair = r.pairs[0];
    expect([pair.a, pair.b, pair.n]).toEqual(['Ada', 'Ben', 6]);
    expect(pair.pearson).toBeCloseTo(pearson(ada, ben), 12);
    expect(pair.ccc).toBeCloseTo(linCcc(ada, ben), 12);
    expect(r.overallAlpha).toBeCloseTo(krippendorffIntervalAlpha(ada.map((a, i) => [a, ben[i]])), 12);
    // One recording: its alpha is the overall one, on the same 6 segments.
    expect(r.perRecording).toEqual([{ recordingId: segs[0].recordingId, name: expect.any(String), items: 6, alpha: r.overallAlpha }]);
    expect(r.disputed[0].range).toBe(Math.max(...ada.map((a, i) => Math.abs(a - ben[i]))));
    await expect(api.agreement({ recordingId: 'no-such-recording' })).rejects.toThrow(/no recording/);

    // Clearing is per annotator: Ben's label on that segment stays his.
    await api.clearLabel({ segmentId: segs[1].id, annotator: 'Ada' });
    expect((await api.listLabels({ annotator: 'Ada' })).some((l) => l.segmentId === segs[1].id)).toBe(false);
    expect((await api.listLabels({ annotator: 'Ben' })).some((l) => l.segmentId === segs[1].id)).toBe(true);
  });

  it('the gold rule decides the project label that tuning, exports and the queue read; changing it changes what they see', async () => {
    const { api } = p.svc;
    const segs = await api.listSegments({});
    const s = segs[10].id;
    await api.setLabel({ segmentId: s, score: 3, annotator: 'Ada', note: 'clearly happy' });
    await api.setLabel({ segmentId: s, score: 0, annotator: 'Ben' });
    await api.setLabel({ segmentId: s, score: 2, annotator: 'Cy' });
    const gold = async () => (await api.listLabels({})).find((l) => l.segmentId === s)!;
    expect(await api.goldRule({})).toEqual({ kind: 'latest' });
    expect((await gold()).score).toBe(2); // the latest of anyone's, as before annotators
    await api.setGoldRule({ rule: { kind: 'mean' } });
    expect((await gold()).score).toBeCloseTo(5 / 3, 12);
    expect((await gold()).note).toBe('clearly happy');
    await api.setGoldRule({ rule: { kind: 'median' } });
    expect((await gold()).score).toBe(2);
    await api.setGoldRule({ rule: { kind: 'annotator', name: 'Ben' } });
    expect((await gold()).score).toBe(0);
    // What a tune and an export read (labelledSegments, listLabels) and what the project counts follow the rule.
    const { labelledSegments } = await import('../store/labelled-segments');
    const { openProjectDb: open } = await import('../store/db');
    const db = open((await api.projectInfo({})).path, { readonly: true });
    try {
      expect(labelledSegments(db).find((x) => x.id === s)!.label!.score).toBe(0);
      expect(labelledSegments(db).filter((x) => x.label).length).toBe((await api.listLabels({ annotator: 'Ben' })).length);
    } finally {
      db.close();
    }
    expect((await api.projectInfo({})).labels).toBe((await api.listLabels({ annotator: 'Ben' })).length);
    expect(contract.setGoldRule.request.safeParse({ rule: { kind: 'mode' } }).success).toBe(false);
    await api.setGoldRule({ rule: { kind: 'latest' } });
  });

  it('blind labelling is a project setting, off until set; a bad value is refused at the contract', async () => {
    const { api } = p.svc;
    expect(await api.blindLabelling({})).toEqual({ blind: false });
    expect(await api.setBlindLabelling({ blind: true })).toEqual({ blind: true });
    expect(await api.blindLabelling({})).toEqual({ blind: true });
    expect(contract.setBlindLabelling.request.safeParse({ blind: 'yes' }).success).toBe(false);
    expect(await api.setBlindLabelling({ blind: false })).toEqual({ blind: false });
  });

  it('imports labels made elsewhere as another annotator: a CSV export by id, an EAF file by time; a stray label refuses the whole file', async () => {
    const { api } = p.svc;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-import-labels-'));
    try {
      const segs = await api.listSegments({});
      await api.setGoldRule({ rule: { kind: 'annotator', name: 'Ada' } });
      // Ada's labels, exported as CSV and as EAF, come back as Dee's and Eve's.
      const csv = path.join(dir, 'ada.csv');
      const eaf = path.join(dir, 'ada.eaf');
      await api.exportLabels({ format: 'csv', outPath: csv });
      await api.exportLabels({ format: 'eaf', outPath: eaf, recordingId: segs[0].recordingId });
      const ada = await api.listLabels({ annotator: 'Ada' });
      expect(await api.importLabels({ path: csv, format: 'csv', annotator: 'Dee' })).toEqual({ annotator: 'Dee', imported: ada.length, unmatched: [] });
      const byId = (ls: { segmentId: string; score: number }[]) => Object.fromEntries(ls.map((l) => [l.segmentId, l.score]));
      expect(byId(await api.listLabels({ annotator: 'Dee' }))).toEqual(byId(ada));
      const r = await api.importLabels({ path: eaf, format: 'eaf', annotator: 'Eve' });
      expect(r.imported).toBe(ada.length);
      expect(byId(await api.listLabels({ annotator: 'Eve' }))).toEqual(byId(ada));

      // A label on a span no segment covers: refused, naming the file and the span, and Fay has nothing.
      const last = segs[segs.length - 1];
      const far = fs.readFileSync(csv, 'utf8').replace(/\n$/, '') + `\nseg-nowhere,${last.recordingId},${last.endMs + 60_000},${last.endMs + 61_000},,,1,,\n`;
      fs.writeFileSync(path.join(dir, 'stray.csv'), far);
      await expect(api.importLabels({ path: path.join(dir, 'stray.csv'), format: 'csv', annotator: 'Fay' })).rejects.toThrow(/stray\.csv.*1 of \d+ labels match no segment.*seg-nowhere/);
      expect(await api.listLabels({ annotator: 'Fay' })).toEqual([]);
      const part = await api.importLabels({ path: path.join(dir, 'stray.csv'), format: 'csv', annotator: 'Fay', partial: true });
      expect([part.imported, part.unmatched.length]).toEqual([ada.length, 1]);
      await expect(api.importLabels({ path: path.join(dir, 'missing.csv'), format: 'csv', annotator: 'Fay' })).rejects.toThrow(/missing\.csv/);
      expect((await api.listAnnotators({})).map((a) => a.annotator)).toEqual(expect.arrayContaining(['Dee', 'Eve', 'Fay']));
    } finally {
      await api.setGoldRule({ rule: { kind: 'latest' } });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an EAF and a TextGrid exported with every annotator re-import tier by tier to the same labels; WebVTT refuses every annotator', async () => {
    const { api } = p.svc;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-export-annotators-'));
    try {
      const segs = await api.listSegments({});
      const rec = segs[0].recordingId;
      const byId = (ls: { segmentId: string; score: number }[]) => Object.fromEntries(ls.map((l) => [l.segmentId, l.score]));
      // Two annotators on partly different segments, with half points.
      for (const [i, s] of segs.slice(0, 5).entries()) await api.setLabel({ segmentId: s.id, score: (i - 2) * 1.5, annotator: 'Gia' });
      for (const [i, s] of segs.slice(2, 8).entries()) await api.setLabel({ segmentId: s.id, score: 3 - i, annotator: 'Hal' });
      const want = { Gia: byId(await api.listLabels({ annotator: 'Gia' })), Hal: byId(await api.listLabels({ annotator: 'Hal' })) };
      for (const format of ['eaf', 'textgrid'] as const) {
        const out = path.join(dir, `all.${format}`);
        await api.exportLabels({ format, outPath: out, recordingId: rec, annotators: 'all' });
        for (const who of ['Gia', 'Hal'] as const) {
          const as = `${who}-${format}`;
          const r = await api.importLabels({ path: out, format, annotator: as, recordingId: rec, from: `sentiment:${who}` });
          expect(r.unmatched).toEqual([]);
          expect(byId(await api.listLabels({ annotator: as }))).toEqual(want[who]);
        }
        // The default stays the gold tier.
        await api.importLabels({ path: out, format, annotator: `gold-${format}`, recordingId: rec });
        expect(byId(await api.listLabels({ annotator: `gold-${format}` }))).toEqual(byId((await api.listLabels({})).filter((l) => segs.some((s) => s.id === l.segmentId && s.recordingId === rec))));
      }
      await expect(api.exportLabels({ format: 'vtt', outPath: path.join(dir, 'x.vtt'), recordingId: rec, annotators: 'all' })).rejects.toThrow(/every annotator's labels can be exported as csv, json, eaf, textgrid, not vtt/);
      expect(fs.existsSync(path.join(dir, 'x.vtt'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an empty or control-character annotator name at the contract', () => {
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: 1, annotator: '' }).success).toBe(false);
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: 1, annotator: 'a\u0007b' }).success).toBe(false);
    expect(contract.setLabel.request.safeParse({ segmentId: 's', score: 1, annotator: 'Ada Lovelace' }).success).toBe(true);
  });
});

describe('migration 7 (annotators)', () => {
  it("moves every label event of a version-6 project to the 'unknown' annotator, keeping scores, notes and the current labels", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-migrate7-'));
    try {
      const old = new Database(path.join(dir, DB_FILE));
      for (const m of MIGRATIONS.filter((x) => x.version <= 6)) old.exec(m.sql);
      old.pragma('user_version = 6');
      old.prepare("INSERT INTO recordings (id, name, media_path, duration_ms, has_video, has_audio, probe_json, imported_at) VALUES ('r', 'r', '/m.mp4', 10000, 1, 1, '{}', 't')").run();
      for (const [id, start] of [['a', 0], ['b', 1000]] as const) {
        old.prepare("INSERT INTO segments (id, recording_id, start_ms, end_ms, speaker, text, created_at) VALUES (?, 'r', ?, ?, NULL, 'hi', 't')").run(id, start, start + 500);
      }
      const ev = old.prepare('INSERT INTO label_events (segment_id, score, note, at) VALUES (?, ?, ?, ?)');
      ev.run('a', 2, 'first', '2026-01-01');
      ev.run('a', -1, 'changed', '2026-01-02');
      ev.run('b', 1, null, '2026-01-03');
      ev.run('b', null, null, '2026-01-04');
      const before = old.prepare('SELECT seq, segment_id, score, note, at, source FROM label_events ORDER BY seq').all();
      const labelsBefore = old.prepare('SELECT * FROM labels ORDER BY segment_id').all();
      old.close();

      const db = openProjectDb(dir);
      try {
        expect(db.prepare('SELECT seq, segment_id, score, note, at, source FROM label_events ORDER BY seq').all()).toEqual(before);
        expect(db.prepare('SELECT DISTINCT annotator FROM label_events').all()).toEqual([{ annotator: 'unknown' }]);
        expect(db.prepare('SELECT * FROM labels ORDER BY segment_id').all()).toEqual(labelsBefore);
        expect(db.prepare('SELECT segment_id, annotator, score, note FROM annotator_labels').all()).toEqual([{ segment_id: 'a', annotator: 'unknown', score: -1, note: 'changed' }]);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
