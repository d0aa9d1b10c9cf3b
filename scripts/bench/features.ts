/**
 * npm run bench:features — a generated 1-hour meeting (face video, espeak speech, ~450 segments):
 * import, then every feature of every segment, decode included. Prints per-stage throughput, total
 * wall time, real-time factor, peak RSS and the providers used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeMissingFeatures } from '../../src/core/analysis/features';
import { createService } from '../../src/core/service';
import type { ExecutionProvider } from '../../src/shared/types';
import { benchMeeting } from './bench-meeting';
import { watchMemory } from './measure';

const { dir, media, vtt } = benchMeeting();
const ep = (process.env.BENCH_EP ?? 'auto') as ExecutionProvider;
const project = path.join(dir, 'features-project');
fs.rmSync(project, { recursive: true, force: true });
const svc = createService(project);
const mem = watchMemory();
const t0 = performance.now();
const imp = await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt });
const res = await computeMissingFeatures(svc.db, {
  ep,
  onProgress: (stage, done, total) => {
    if (done % 50 === 0 || done === total) process.stderr.write(`  ${stage} ${done}/${total}\n`);
  },
});
const wall = (performance.now() - t0) / 1000;
const peak = mem.stop();
const [rec] = await svc.api.listRecordings({});
await svc.close();
const mediaS = rec.durationMs / 1000;
const rows: [string, string][] = [
  ['machine', `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`],
  ['media', `${(mediaS / 60).toFixed(1)} min ${rec.width}x${rec.height}, ${imp.segments} segments`],
  ['providers', `text ${res.providers.text}, face ${res.providers.face}, voice cpu (requested --ep ${ep})`],
  ['text', `${(res.computed.text / res.seconds.text).toFixed(1)} utterances/s (${res.seconds.text.toFixed(1)} s)`],
  ['voice (+VAD)', `${(res.amounts.audioSeconds / res.seconds.voice).toFixed(0)} s of audio per s (${res.seconds.voice.toFixed(1)} s for ${res.amounts.audioSeconds.toFixed(0)} s)`],
  ['face', `${(res.amounts.frames / res.seconds.face).toFixed(1)} frames/s (${res.seconds.face.toFixed(1)} s for ${res.amounts.frames} frames)`],
  ['decode+voice+face wall', `${res.seconds.decodeAndVoiceAndFace.toFixed(1)} s (decoding overlaps inference)`],
  ['commits (one per segment)', `${res.commits} transactions, ${res.seconds.commit.toFixed(2)} s (${((100 * res.seconds.commit) / Math.max(1e-9, res.seconds.decodeAndVoiceAndFace)).toFixed(1)} % of the decode+voice+face wall)`],
  ['total wall (import+features)', `${wall.toFixed(1)} s   goal <= 180 s`],
  ['real-time factor', `${(wall / mediaS).toFixed(4)}`],
  ['peak RSS', `node ${peak.selfMb} MB, ffmpeg ${peak.childrenMb} MB, together ${peak.totalMb} MB`],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`bench:features (${new Date().toISOString()})`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
