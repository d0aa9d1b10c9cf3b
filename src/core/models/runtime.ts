/**
 * The one owner of ONNX Runtime sessions: created once per (model file, provider), reused.
 * Provider choice: `auto` tries CUDA, then WebGPU, then CPU. ORT throws instead of falling back
 * when a provider's libraries are missing (NOTES-stack.md), so we try each ourselves and report
 * once which one runs and why the others did not.
 */
import * as ort from 'onnxruntime-node';
import os from 'node:os';
import { existsSync } from 'node:fs';
import type { ExecutionProvider } from '../../shared/types';
import { AttuneError } from '../../shared/errors';

export type ConcreteProvider = Exclude<ExecutionProvider, 'auto'>;
export const AUTO_ORDER: readonly ConcreteProvider[] = ['cuda', 'webgpu', 'cpu'];

export interface SessionHandle {
  session: ort.InferenceSession;
  provider: ConcreteProvider;
}

/** What `auto` decided, for the CLI's stderr line and the UI's event. */
export interface ProviderNotice {
  provider: ConcreteProvider;
  /** Providers tried before `provider`, with the first line of why each could not start. */
  skipped: { provider: ConcreteProvider; reason: string }[];
  message: string;
}

export type NoticeSink = (message: string, notice: ProviderNotice) => void;

const cache = new Map<string, Promise<SessionHandle>>();
/** A provider that failed to start once fails again (missing libraries, no adapter): don't pay the probe twice. */
const unavailable = new Map<ConcreteProvider, string>();
const noticed = new Set<string>();
let noticeSink: NoticeSink = (m) => process.stderr.write(`attune: ${m}\n`);
let lastNotice: ProviderNotice | null = null;

// ORT logs each failed provider load at error level on stderr before throwing; we report the failure ourselves.
ort.env.logLevel = (process.env.ATTUNE_ORT_LOG as typeof ort.env.logLevel) ?? 'fatal';

export function setNoticeSink(sink: NoticeSink): void {
  noticeSink = sink;
}

/** The latest `auto` decision this process made, or null before the first session. */
export function lastProviderNotice(): ProviderNotice | null {
  return lastNotice;
}

/** Threads for one session by default: the machine's cores, since our sessions run one at a time. */
export function threadCount(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

/**
 * The models of the media pass (face detection, expression, VAD) run beside the ffmpeg decoder, which
 * keeps 1.3 of 2 cores busy on camera video: they get one intra-op thread, since a second one only
 * contends with the decoder. Measured on bench:features' 10-min camera-like file (2 cores, load 6-10):
 * BlazeFace 21.5 -> 13.6 CPU-ms per frame, expression 4.9 -> 4.1. The text encoder runs alone and keeps
 * every core.
 */
export const MEDIA_PASS_THREADS = 1;

export interface SessionOptions {
  /** Intra-op threads (default threadCount()). */
  threads?: number;
}

export async function getSession(modelPath: string, ep: ExecutionProvider = 'auto', opts: SessionOptions = {}): Promise<SessionHandle> {
  const threads = Math.max(1, Math.floor(opts.threads ?? threadCount()));
  const key = `${modelPath}\u0000${ep}\u0000${threads}`;
  let p = cache.get(key);
  if (!p) {
    const created = createSession(modelPath, ep, threads);
    cache.set(key, created);
    // Forget only this attempt: after releaseSessions a newer one may sit under the same key.
    created.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
    p = created;
  }
  return p;
}

/**
 * Worker threads sleep instead of spinning between ops: inference shares the cores with ffmpeg decoding (and, on
 * our build machines, with other jobs), where spinning threads burn the CPU the others need. Measured on the
 * 2-core machine under load: MiniLM 800 utterances 3.3 s wall / 1.8 CPU-s without spinning, 7.6 s / 3.0 with.
 * ATTUNE_ORT_SPIN=1 turns spinning back on for a machine that runs nothing else.
 */
const spinning = process.env.ATTUNE_ORT_SPIN === '1' ? '1' : '0';

function sessionOptions(provider: ConcreteProvider, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: spinning }, inter_op: { allow_spinning: spinning } } },
  };
}

async function createSession(modelPath: string, ep: ExecutionProvider, threads: number): Promise<SessionHandle> {
  if (ep !== 'auto') {
    try {
      return { session: await ort.InferenceSession.create(modelPath, sessionOptions(ep, threads)), provider: ep };
    } catch (err) {
      throw new AttuneError(
        'NO_TOOL',
        `execution provider '${ep}' could not start for ${modelPath}: ${firstLine(err)}${forcedHint(ep)}`,
      );
    }
  }
  const skipped: ProviderNotice['skipped'] = [];
  for (const provider of AUTO_ORDER) {
    const known = unavailable.get(provider) ?? missingDevice(provider);
    if (known !== undefined) {
      unavailable.set(provider, known);
      skipped.push({ provider, reason: known });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(modelPath, sessionOptions(provider, threads));
      announce(provider, skipped);
      return { session, provider };
    } catch (err) {
      const reason = firstLine(err);
      // CPU failing means the model itself is bad: that is not a provider property worth remembering.
      if (provider !== 'cpu') unavailable.set(provider, reason);
      skipped.push({ provider, reason });
    }
  }
  throw new AttuneError(
    'NO_TOOL',
    `no execution provider could start for ${modelPath}: ${skipped.map((s) => `${s.provider.toUpperCase()}: ${s.reason}`).join('; ')}`,
  );
}

/**
 * On Linux a GPU provider needs a GPU device node; without one, probing only makes the WebGPU/Vulkan
 * loader print noise on stderr. Auto mode skips it and says why; a forced provider still tries.
 */
function missingDevice(provider: ConcreteProvider): string | undefined {
  if (process.platform !== 'linux' || provider === 'cpu') return undefined;
  const has = (p: string) => existsSync(p);
  const nvidia = has('/dev/nvidiactl') || has('/dev/nvidia0');
  if (provider === 'cuda' && !nvidia) return 'no NVIDIA GPU device (/dev/nvidia*) on this machine';
  if (provider === 'webgpu' && !nvidia && !has('/dev/dri')) return 'no GPU device (/dev/dri, /dev/nvidia*) on this machine';
  return undefined;
}

function announce(provider: ConcreteProvider, skipped: ProviderNotice['skipped']): void {
  const why = skipped.map((s) => `${s.provider.toUpperCase()} unavailable: ${s.reason}`).join('; ');
  const message = `inference runs on ${provider.toUpperCase()}${why ? ` (${why})` : ''}`;
  lastNotice = { provider, skipped: [...skipped], message };
  if (noticed.has(message)) return;
  noticed.add(message);
  noticeSink(message, lastNotice);
}

function forcedHint(ep: ConcreteProvider): string {
  if (ep === 'cuda') {
    return '. onnxruntime-node needs its CUDA 12 provider libraries (reinstall it with ONNXRUNTIME_NODE_INSTALL_CUDA=v12) and an NVIDIA driver; use --ep auto to fall back';
  }
  if (ep === 'webgpu') return '. No usable WebGPU adapter (GPU + Vulkan/Metal/D3D12 driver) was found; use --ep auto to fall back';
  return '';
}

function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  // ORT prefixes its source location ("/onnxruntime_src/...cc:136 ... was false."): the useful part follows it.
  const line = m.split('\n')[0];
  const adapter = /Failed to get a WebGPU adapter[^.]*\.?/.exec(line);
  return (adapter ? adapter[0] : line).slice(0, 200);
}

/** Forget every session (and what providers failed), e.g. before a forced provider change or in tests. */
export async function releaseSessions(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  unavailable.clear();
  noticed.clear();
  lastNotice = null;
  for (const p of all) {
    try {
      await (await p).session.release();
    } catch {
      // a session that failed to create has nothing to release
    }
  }
}

/**
 * Runs `run` over `items` in batches of `batchSize`, in order, and concatenates the results: the shape every
 * batched model call here takes (tokenised texts, face crops, audio windows).
 */
export async function mapBatches<T, R>(
  items: readonly T[],
  batchSize: number,
  run: (batch: readonly T[], start: number) => Promise<R[]>,
): Promise<R[]> {
  if (!(batchSize >= 1)) throw new AttuneError('INTERNAL', `batch size must be at least 1, got ${batchSize}`);
  const out: R[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const got = await run(items.slice(start, start + batchSize), start);
    for (const r of got) out.push(r);
  }
  return out;
}

export { ort };
