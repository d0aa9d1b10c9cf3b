/**
 * Runs the feature models on generated input with every execution provider that starts (CPU always; CUDA and
 * WebGPU where they start) and prints a table: time per stage and provider, and the largest output difference
 * of each GPU provider against CPU. Called by scripts/gpu-check.sh; usable alone:
 *
 *   node bin/run-ts.mjs scripts/gpu-check.ts [--json]
 *
 * Stages are a list: a later pipeline stage (voice features, the whole face analyzer) joins by adding one
 * `Stage` whose run(ep) returns its outputs as flat numbers.
 */
import { loadPack, type ModelPack } from '../src/core/models/pack';
import { getSession, ort, releaseSessions, setNoticeSink, type ConcreteProvider } from '../src/core/models/runtime';
import { embedTexts } from '../src/core/features/text';
import { FaceAnalyzer } from '../src/core/features/face/face-analyzer';
import type { FrameSample } from '../src/core/media/extract';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface StageResult {
  outputs: Float32Array[];
  items: number;
  unit: string;
}

interface Stage {
  name: string;
  run(ep: ConcreteProvider, pack: ModelPack): Promise<StageResult>;
}

/** Deterministic pseudo-random numbers in [0, 1), so every provider sees identical input. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Smooth blobs plus noise: closer to camera frames than white noise, so detectors produce varied scores. */
function image(size: number, seed: number, lo: number, hi: number, n: number): Float32Array {
  const rnd = lcg(seed);
  const out = new Float32Array(n * size * size * 3);
  for (let b = 0; b < n; b++) {
    const cx = rnd() * size;
    const cy = rnd() * size;
    const r = size * (0.15 + 0.25 * rnd());
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
        for (let c = 0; c < 3; c++) {
          const v = 0.2 + 0.6 * inside * (0.7 + 0.1 * c) + 0.1 * rnd();
          out[((b * size + y) * size + x) * 3 + c] = lo + (hi - lo) * Math.min(1, v);
        }
      }
    }
  }
  return out;
}

const PORTRAIT = '/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg';

/** A real face when Debian's facedetect examples and ffmpeg are there (public domain photo), else blobs. */
function faceFrames(count: number): { frames: FrameSample[]; what: string } {
  let base: Uint8Array | null = null;
  if (existsSync(PORTRAIT)) {
    const r = spawnSync('ffmpeg', ['-v', 'error', '-i', PORTRAIT, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 22 });
    if (r.status === 0 && r.stdout.length === 512 * 512 * 3) base = new Uint8Array(r.stdout);
  }
  const what = base ? 'portrait frames' : 'generated frames';
  if (!base) base = Uint8Array.from(image(512, 13, 0, 255, 1), (v) => Math.round(v));
  const frames: FrameSample[] = [];
  for (let f = 0; f < count; f++) {
    // Shift the picture a few pixels per frame, as a talking head moves.
    const dx = (f * 3) % 24;
    const data = new Uint8Array(512 * 512 * 3);
    for (let y = 0; y < 512; y++) data.set(base.subarray((y * 512 + dx) * 3, (y * 512 + 512) * 3), y * 512 * 3);
    frames.push({ tMs: f * 500, width: 512, height: 512, data });
  }
  return { frames, what };
}

const SENTENCES = (() => {
  const words = 'i think the quarterly results were honestly better than we expected but the launch slipped again'.split(' ');
  const rnd = lcg(11);
  return Array.from({ length: 256 }, () => Array.from({ length: 4 + Math.floor(rnd() * 30) }, () => words[Math.floor(rnd() * words.length)]).join(' '));
})();

const stages: Stage[] = [
  {
    name: 'text embeddings (MiniLM)',
    async run(ep, pack) {
      await embedTexts(SENTENCES.slice(0, 32), { ep, pack });
      return { outputs: await embedTexts(SENTENCES, { ep, pack }), items: SENTENCES.length, unit: 'utterances' };
    },
  },
  {
    name: 'face detection (BlazeFace)',
    async run(ep, pack) {
      const { session } = await getSession(pack.file('blazeface'), ep);
      const frames = 48;
      const px = image(256, 3, -1, 1, frames);
      const outputs: Float32Array[] = [];
      for (let f = 0; f < frames; f++) {
        const input = new ort.Tensor('float32', px.subarray(f * 256 * 256 * 3, (f + 1) * 256 * 256 * 3), [1, 256, 256, 3]);
        const r = await session.run({ input });
        for (const name of session.outputNames) outputs.push(Float32Array.from(r[name].data as Float32Array));
      }
      return { outputs, items: frames, unit: 'frames' };
    },
  },
  {
    name: 'face expression (face-api)',
    async run(ep, pack) {
      const { session } = await getSession(pack.file('face-expression'), ep);
      const crops = 64;
      const px = image(112, 5, 0, 255, crops);
      const outputs: Float32Array[] = [];
      for (let b = 0; b < crops; b += 16) {
        const input = new ort.Tensor('float32', px.subarray(b * 112 * 112 * 3, (b + 16) * 112 * 112 * 3), [16, 112, 112, 3]);
        outputs.push(Float32Array.from((await session.run({ input })).probs.data as Float32Array));
      }
      return { outputs, items: crops, unit: 'faces' };
    },
  },
  {
    name: 'face pipeline (FaceAnalyzer)',
    async run(ep, pack) {
      const { frames, what } = faceFrames(24);
      const analyzer = await FaceAnalyzer.create({ ep, pack });
      const res = await analyzer.analyzeFrames(frames);
      const outputs = res.map((r) =>
        Float32Array.from([r.faceCount, ...(r.face ? [r.face.x, r.face.y, r.face.width, r.face.height] : [0, 0, 0, 0]), ...(r.expressions ?? new Float32Array(7))]),
      );
      return { outputs, items: frames.length, unit: what };
    },
  },
  {
    name: 'voice activity (Silero VAD)',
    async run(ep, pack) {
      const { session } = await getSession(pack.file('silero-vad'), ep);
      const rnd = lcg(9);
      const seconds = 10;
      const pcm = Float32Array.from({ length: seconds * 16000 }, (_, i) => {
        const voiced = Math.floor(i / 16000) % 2 === 0; // alternating seconds of "voice" and near-silence
        return voiced ? 0.3 * Math.sin((2 * Math.PI * 180 * i) / 16000) * (1 + 0.5 * Math.sin(i / 800)) + 0.02 * (rnd() - 0.5) : 0.002 * (rnd() - 0.5);
      });
      let state = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
      const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
      const probs: number[] = [];
      const window = new Float32Array(576);
      for (let i = 0; i + 512 <= pcm.length; i += 512) {
        window.copyWithin(0, 512, 576);
        window.set(pcm.subarray(i, i + 512), 64);
        const r = await session.run({ input: new ort.Tensor('float32', window.slice(), [1, 576]), state, sr });
        state = r.stateN as typeof state;
        probs.push((r.output.data as Float32Array)[0]);
      }
      return { outputs: [Float32Array.from(probs)], items: seconds, unit: 's audio' };
    },
  },
];

interface Row {
  stage: string;
  provider: ConcreteProvider;
  ok: boolean;
  seconds?: number;
  rate?: string;
  maxDiffVsCpu?: number;
  error?: string;
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) for (let k = 0; k < a[i].length; k++) m = Math.max(m, Math.abs(a[i][k] - b[i][k]));
  return m;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  setNoticeSink(() => {});
  const pack = await loadPack();
  const rows: Row[] = [];
  const startFailures = new Map<ConcreteProvider, string>();
  for (const stage of stages) {
    let cpu: Float32Array[] | null = null;
    for (const provider of ['cpu', 'cuda', 'webgpu'] as ConcreteProvider[]) {
      if (startFailures.has(provider)) continue;
      try {
        await stage.run(provider, pack); // warm-up: session creation, kernel compilation, allocations
        const t0 = performance.now();
        const r = await stage.run(provider, pack);
        const seconds = (performance.now() - t0) / 1000;
        if (provider === 'cpu') cpu = r.outputs;
        rows.push({
          stage: stage.name,
          provider,
          ok: true,
          seconds,
          rate: `${(r.items / seconds).toFixed(1)} ${r.unit}/s`,
          maxDiffVsCpu: provider === 'cpu' || !cpu ? undefined : maxDiff(r.outputs, cpu),
        });
      } catch (err) {
        const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
        if (/could not start/.test(msg)) startFailures.set(provider, msg);
        rows.push({ stage: stage.name, provider, ok: false, error: msg });
      }
    }
  }
  await releaseSessions();
  if (json) {
    process.stdout.write(JSON.stringify({ rows, unavailable: Object.fromEntries(startFailures) }, null, 2) + '\n');
    return;
  }
  const line = (cols: string[]): string => cols.map((c, i) => c.padEnd([30, 8, 10, 28, 16][i])).join(' ').trimEnd();
  console.log(line(['stage', 'provider', 'time (s)', 'throughput', 'max |diff| vs CPU']));
  for (const r of rows.filter((x) => x.ok)) {
    console.log(line([r.stage, r.provider, r.seconds!.toFixed(3), r.rate!, r.maxDiffVsCpu === undefined ? '-' : r.maxDiffVsCpu.toExponential(2)]));
  }
  for (const r of rows.filter((x) => !x.ok && !/could not start/.test(x.error!))) console.log(`FAILED ${r.stage} on ${r.provider}: ${r.error}`);
  for (const [p, why] of startFailures) console.log(`${p.toUpperCase()} did not start: ${why}`);
  const gpuRan = rows.some((r) => r.ok && r.provider !== 'cpu');
  console.log(gpuRan ? 'GPU providers ran: see the rows above.' : 'No GPU provider started on this machine: CPU only.');
  if (rows.some((r) => !r.ok && !/could not start/.test(r.error!))) process.exitCode = 1;
}

await main();
