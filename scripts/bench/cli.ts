/**
 * npm run bench:cli — CLI start-up: `attune --help`, and `attune labels --json` on a 2,000-segment
 * project, from the bundle (out/cli) and from the sources through tsx, beside a bare `node -e 0`.
 * Medians of 5 wall-clock runs (after one warm-up); goals from issue 12: 0.3 s and 0.6 s on 2 cores.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTool } from '../../src/core/media/ffmpeg-path';
import { createService } from '../../src/core/service';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bin = path.join(root, 'bin', 'attune.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-cli-'));
const SEGMENTS = 2000;

// 2,000 cues of 1.2 s on 50 minutes of quiet 8 kHz audio, 200 of them labelled.
const media = path.join(dir, 'long.wav');
execFileSync(resolveTool('ffmpeg'), ['-v', 'error', '-f', 'lavfi', '-i', `anoisesrc=d=${SEGMENTS * 1.5}:a=0.001:r=8000`, '-ac', '1', media]);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const vtt = path.join(dir, 'long.vtt');
fs.writeFileSync(vtt, `WEBVTT\n\n${Array.from({ length: SEGMENTS }, (_, i) => `${clock(i * 1500)} --> ${clock(i * 1500 + 1200)}\n<v S${i % 4}>utterance number ${i}\n`).join('\n')}`);
const project = path.join(dir, 'p');
const svc = createService(project);
await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt });
const segs = await svc.api.listSegments({});
for (const s of segs.slice(0, 200)) await svc.api.setLabel({ segmentId: s.id, score: 1 });
await svc.close();

function median(argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, argv, { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const bare = median(['-e', '0']);
const rows: [string, number, number | null][] = [
  ['attune --help', median([bin, '--help']), 0.3],
  [`attune labels --json (${segs.length} segments, 200 labels)`, median([bin, 'labels', '--json', '--project', project]), 0.6],
  ['attune --help, from source (tsx)', median([bin, '--help'], { ATTUNE_CLI_FROM_SOURCE: '1' }), null],
  ['attune labels --json, from source (tsx)', median([bin, 'labels', '--json', '--project', project], { ATTUNE_CLI_FROM_SOURCE: '1' }), null],
];
console.log(`bench:cli (${new Date().toISOString()}) ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`bare node -e 0: ${bare.toFixed(3)} s`);
for (const [what, s, goal] of rows) console.log(`${what.padEnd(52)} ${s.toFixed(3)} s  (${(s / bare).toFixed(1)}x bare node)${goal ? `  goal <= ${goal} s` : ''}`);
fs.rmSync(dir, { recursive: true, force: true });
