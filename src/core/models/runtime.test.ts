import { afterEach, describe, expect, it } from 'vitest';
import { AttuneError } from '../../shared/errors';
import { loadPackSync } from './pack';
import { getSession, lastProviderNotice, mapBatches, ort, releaseSessions, setNoticeSink, type ProviderNotice } from './runtime';

// These run on the CPU-only build machines, where onnxruntime-node has no CUDA libraries and no WebGPU adapter.
const model = loadPackSync().file('face-expression');
const gpuHere = process.env.ATTUNE_EXPECT_GPU === '1';

afterEach(async () => {
  await releaseSessions();
  setNoticeSink((m) => process.stderr.write(`attune: ${m}\n`));
});

describe.skipIf(gpuHere)('execution provider fallback (no GPU)', () => {
  it('auto falls back to CPU with one notice naming why CUDA and WebGPU did not start', async () => {
    const notices: ProviderNotice[] = [];
    setNoticeSink((_m, n) => notices.push(n));
    const a = await getSession(model, 'auto');
    expect(a.provider).toBe('cpu');
    // A second model file reuses what was learned and does not repeat the notice.
    await getSession(loadPackSync().file('blazeface'), 'auto');
    expect(notices).toHaveLength(1);
    expect(notices[0].provider).toBe('cpu');
    expect(notices[0].skipped.map((s) => s.provider)).toEqual(['cuda', 'webgpu']);
    expect(notices[0].message).toMatch(/^inference runs on CPU \(CUDA unavailable: .+; WEBGPU unavailable: .+\)$/);
    expect(lastProviderNotice()?.provider).toBe('cpu');
    // The session works.
    const r = await a.session.run({ input: new ort.Tensor('float32', new Float32Array(112 * 112 * 3).fill(128), [1, 112, 112, 3]) });
    const probs = Array.from(r.probs.data as Float32Array);
    expect(probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
  });

  it('a forced CUDA provider fails clearly instead of falling back', async () => {
    const err = await getSession(model, 'cuda').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttuneError);
    expect((err as AttuneError).code).toBe('NO_TOOL');
    expect((err as Error).message).toMatch(/execution provider 'cuda' could not start for .*face-expression\.onnx: .*ONNXRUNTIME_NODE_INSTALL_CUDA/);
  });

  it('a forced WebGPU provider fails clearly too', async () => {
    const err = await getSession(model, 'webgpu').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/execution provider 'webgpu' could not start/);
  });

  it('forced CPU gives the same cached session on repeat calls', async () => {
    const a = await getSession(model, 'cpu');
    const b = await getSession(model, 'cpu');
    expect(a.provider).toBe('cpu');
    expect(b.session).toBe(a.session);
  });
});

describe('mapBatches', () => {
  it('keeps order across batches and passes each start index', async () => {
    const starts: number[] = [];
    const out = await mapBatches([1, 2, 3, 4, 5], 2, async (b, start) => {
      starts.push(start);
      return b.map((x) => x * 10);
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(starts).toEqual([0, 2, 4]);
    await expect(mapBatches([1], 0, async (b) => [...b])).rejects.toThrow(/batch size/);
  });
});
