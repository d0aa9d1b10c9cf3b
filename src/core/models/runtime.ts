/**
 * The one owner of ONNX Runtime sessions: created once per (model file, provider), reused.
 * Provider choice: `auto` tries CUDA, then WebGPU, then CPU. ORT throws instead of falling back
 * when a provider's libraries are missing (NOTES-stack.md), so we try each ourselves and report
 * once which one runs and why the others did not.
 */
import * as ort from 'onnxruntime-node';
import os from 'node:os';
import type { ExecutionProvider } from '../../shared/types';
import { AttuneError } from '../../shared/errors';

export type ConcreteProvider = Exclude<ExecutionProvider, 'auto'>;
const AUTO_ORDER: ConcreteProvider[] = ['cuda', 'webgpu', 'cpu'];

export interface SessionHandle {
  session: ort.InferenceSession;
  provider: ConcreteProvider;
}

export type NoticeSink = (message: string) => void;

const cache = new Map<string, Promise<SessionHandle>>();
const noticed = new Set<string>();
let noticeSink: NoticeSink = (m) => process.stderr.write(`attune: ${m}\n`);

export function setNoticeSink(sink: NoticeSink): void {
  noticeSink = sink;
}

/** Threads for one session: the machine's cores, since our sessions run one at a time. */
export function threadCount(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

export async function getSession(modelPath: string, ep: ExecutionProvider = 'auto'): Promise<SessionHandle> {
  const key = `${modelPath}\u0000${ep}`;
  let p = cache.get(key);
  if (!p) {
    p = createSession(modelPath, ep);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function createSession(modelPath: string, ep: ExecutionProvider): Promise<SessionHandle> {
  const order = ep === 'auto' ? AUTO_ORDER : [ep];
  const failures: string[] = [];
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: threadCount(),
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      if (ep === 'auto' && failures.length > 0) {
        const msg = `running on ${provider.toUpperCase()} (${failures.join('; ')})`;
        if (!noticed.has(msg)) {
          noticed.add(msg);
          noticeSink(msg);
        }
      }
      return { session, provider };
    } catch (err) {
      const why = firstLine(err);
      if (ep !== 'auto') {
        throw new AttuneError('NO_TOOL', `execution provider '${provider}' could not start for ${modelPath}: ${why}`);
      }
      failures.push(`${provider.toUpperCase()} unavailable: ${why}`);
    }
  }
  throw new AttuneError('NO_TOOL', `no execution provider could start for ${modelPath}: ${failures.join('; ')}`);
}

function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0].slice(0, 200);
}

export async function releaseSessions(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const p of all) {
    try {
      await (await p).session.release();
    } catch {}
  }
}

export { ort };
