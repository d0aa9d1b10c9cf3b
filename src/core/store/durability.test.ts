import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '../service';
import { insertRecording } from './recordings';
import { insertSegments } from './segments';

describe('label durability', () => {
  it('loses no acknowledged label when the process is killed mid-write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-kill-'));
    const svc = createService(dir);
    const rec = { id: 'rec-1', name: 'r', mediaPath: '/dev/null', transcriptPath: null, durationMs: 100_000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString() };
    insertRecording(svc.db, rec, {});
    insertSegments(svc.db, Array.from({ length: 50 }, (_, i) => ({ id: `seg-${i}`, recordingId: 'rec-1', startMs: i * 1000, endMs: i * 1000 + 900, speaker: null, text: `s${i}` })));
    await svc.close();

    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'src/core/store/__fixtures__/label-writer.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Map<string, number>();
    let count = 0;
    await new Promise<void>((resolve) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          const [, i, id] = line.split(' ');
          acked.set(id, Number(i));
          // Kill at an arbitrary moment once a good number of writes were acknowledged.
          if (++count === 137) {
            child.kill('SIGKILL');
            resolve();
          }
        }
      });
      child.on('exit', () => resolve());
    });
    expect(count).toBeGreaterThanOrEqual(137);
    const after = createService(dir);
    const notes = new Map((await after.api.listLabels({})).map((l) => [l.segmentId, Number(l.note?.slice(1))] as const));
    // Every acknowledged label is there: its last acknowledged write, or a later one.
    for (const [id, i] of acked) expect(notes.get(id)).toBeGreaterThanOrEqual(i);
    const events = after.db.prepare('SELECT COUNT(*) AS n FROM label_events').get() as { n: number };
    expect(events.n).toBeGreaterThanOrEqual(137);
    await after.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
