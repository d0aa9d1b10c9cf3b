/**
 * Throughput of the voice, face and VAD feature stages on this machine (prints numbers; no
 * assertions). Inputs are real: espeak-ng speech resampled by ffmpeg, and H.264 video of the
 * facedetect Grace Hopper photo decoded to 640×360 RGB (the extraction API's default frame width).
 *   node bin/run-ts.mjs scripts/bench/voice-face-vad.ts [--minutes N] [--frames N] [--ep auto|cpu|cuda|webgpu]
 */
import os from 'node:os';
import { computeVoiceFeatures } from '../../src/core/features/audio';
import { activeFrames, frameEnergyDb } from '../../src/core/features/audio/framing';
import { perturbation } from '../../src/core/features/audio/perturbation';
import { trackPitch } from '../../src/core/features/audio/pitch';
import { spectralFrames } from '../../src/core/features/audio/spectral';
import { espeakPcm16k, joinPcm } from '../../src/core/features/audio/speech-fixture';
import { FaceAnalyzer, summarizeFaces, type FaceBox } from '../../src/core/features/face';
import { blazefaceInput } from '../../src/core/features/face/blazeface';
import { decodeFrames, withGraceHopperVideo } from '../../src/core/features/face/face-fixture';
import { speechProbabilities } from '../../src/core/segmentation/vad';
import type { ExecutionProvider } from '../../src/shared/types';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const minutes = Number(arg('minutes', '5'));
const nFrames = Number(arg('frames', '120'));
const ep = arg('ep', 'auto') as ExecutionProvider;
const now = () => performance.now();
// CPU time of this process (all threads): on our shared 2-core machines wall time swings with the
// neighbours' load, so both are printed.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const line = (k: string, v: string) => console.log(`${k.padEnd(34)} ${v}`);

console.log(`machine: ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()} cores, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);

// --- audio: ~8 s utterances with short pauses, like transcript segments
const sentences = [
  'Thanks everyone for joining, let us look at the quarterly numbers first.',
  'I think the launch went better than we expected, honestly.',
  'The support queue is still too long and that worries me.',
  'Could we move the review to Thursday afternoon instead?',
];
const pieces = sentences.map((s) => espeakPcm16k(s));
const segments: Float32Array[] = [];
let total = 0;
for (let i = 0; total < minutes * 60 * 16000; i++) {
  const seg = joinPcm([200, pieces[i % pieces.length], 300, pieces[(i + 1) % pieces.length], 200]);
  segments.push(seg);
  total += seg.length;
}
const audioS = total / 16000;
computeVoiceFeatures(segments[0], { text: sentences[0] });
let t = now();
let c = cpu();
for (let i = 0; i < segments.length; i++) computeVoiceFeatures(segments[i], { text: sentences[i % sentences.length] });
const voiceMs = now() - t;
const voiceCpu = cpu() - c;
line('voice features', `${audioS.toFixed(0)} s audio in ${segments.length} segments: ${(voiceMs / 1000).toFixed(2)} s (cpu ${(voiceCpu / 1000).toFixed(2)} s) → ${(audioS / (voiceMs / 1000)).toFixed(0)} s audio/s`);
const parts = { energy: 0, pitch: 0, perturbation: 0, spectral: 0 };
for (const seg of segments) {
  let a = now();
  const e = frameEnergyDb(seg);
  const act = activeFrames(e);
  parts.energy += now() - a;
  a = now();
  const { f0 } = trackPitch(seg, act);
  parts.pitch += now() - a;
  a = now();
  perturbation(seg, f0);
  parts.perturbation += now() - a;
  a = now();
  spectralFrames(seg, act);
  parts.spectral += now() - a;
}
line('  of which', Object.entries(parts).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', '));

// --- VAD over the whole audio, as for a transcript-less recording
const all = joinPcm(segments);
await speechProbabilities(all.subarray(0, 16000));
t = now();
c = cpu();
await speechProbabilities(all);
const vadMs = now() - t;
const vadCpu = cpu() - c;
line('Silero VAD', `${audioS.toFixed(0)} s audio: ${(vadMs / 1000).toFixed(2)} s (cpu ${(vadCpu / 1000).toFixed(2)} s) → real-time factor ${(vadMs / 1000 / audioS).toFixed(4)} (${(audioS / (vadMs / 1000)).toFixed(0)}× real time)`);

// --- face
// The fixture's photo slides off the canvas after ~12 s, so a short clip is cycled.
const clip = withGraceHopperVideo(5, (file) => decodeFrames(file, 640, 360, 4));
const frames = Array.from({ length: nFrames }, (_, i) => ({ ...clip[i % clip.length], tMs: i * 250 }));
const analyzer = await FaceAnalyzer.create({ ep });
await analyzer.analyzeFrames(frames.slice(0, 4));
let prep = 0;
for (const f of frames) {
  const a = now();
  blazefaceInput(f);
  prep += now() - a;
}
t = now();
const dets: FaceBox[][] = [];
for (const f of frames) dets.push(await analyzer.detectFaces(f));
const detMs = now() - t;
t = now();
const crops = frames.flatMap((frame, i) => (dets[i][0] ? [{ frame, face: dets[i][0] }] : []));
await analyzer.classifyExpressions(crops);
const exprMs = now() - t;
t = now();
c = cpu();
const res = await analyzer.analyzeFrames(frames);
const faceMs = now() - t;
const faceCpu = cpu() - c;
line(`face (${analyzer.provider})`, `${frames.length} frames 640×360: ${(faceMs / 1000).toFixed(2)} s (cpu ${(faceCpu / 1000).toFixed(2)} s) → ${(frames.length / (faceMs / 1000)).toFixed(1)} frames/s, face ratio ${summarizeFaces(res).values.faceRatio.toFixed(2)}`);
line('  of which', `letterbox ${(prep / frames.length).toFixed(1)} ms/frame, BlazeFace incl. letterbox ${(detMs / frames.length).toFixed(1)} ms/frame, expression ${(exprMs / Math.max(1, crops.length)).toFixed(2)} ms/face (batched)`);
line('1 h projection', `voice ${(3600 / (audioS / (voiceMs / 1000))).toFixed(0)} s, VAD ${((3600 * vadMs) / 1000 / audioS).toFixed(0)} s, face at 2 fps ${((7200 * faceMs) / 1000 / frames.length).toFixed(0)} s`);
