/**
 * Issue 10, item 7: a kill during analysis loses at most the segment in flight. Every voice/face
 * progress tick comes after that segment's rows are committed, so a second connection (another
 * process, or the one after a kill) already sees them.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type AttuneService } from '../service';
import { computeMissingFeatures } from './features';

const root = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let svc: AttuneService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-commits-'));
  svc = createService(path.join(dir, 'project'));
  await svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
});
afterAll(async () => {
  await svc?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('analysis commits per segment', () => {
  it('has every finished segment on disk, seen from another connection, at each progress tick', async () => {
    const other = new Database(path.join(svc.dir, 'attune.db'), { readonly: true });
    const count = other.prepare("SELECT COUNT(*) AS n FROM features WHERE modality = 'audio'");
    const seen: [number, number][] = [];
    try {
      const res = await computeMissingFeatures(svc.db, {
        ep: 'cpu',
        onProgress: (stage, done) => {
          if (stage === 'voice+face') seen.push([done, (count.get() as { n: number }).n]);
        },
      });
      const segments = (await svc.api.listSegments({})).length;
      expect(seen.length).toBe(segments);
      // Tick k: k segments' voice rows committed (batches of 32 showed 0 until the end).
      for (const [done, stored] of seen) expect(stored, `after ${done} segments`).toBe(done);
      expect(res.commits).toBe(segments);
    } finally {
      other.close();
    }
  });
});
