import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, makeConfig, parseConfig } from './config';
import { paramSpecs } from './network';

describe('Self-MI config', () => {
  it('defaults follow Self-MM MOSI settings and MMIM alpha', () => {
    expect(DEFAULT_CONFIG).toMatchObject({ alpha: 0.1, batchSize: 32, patience: 8, scoreRange: 3, excludeZero: true });
    expect(DEFAULT_CONFIG.post).toEqual({ fused: { dim: 128, dropout: 0.1 }, text: { dim: 32, dropout: 0 }, audio: { dim: 16, dropout: 0.1 }, video: { dim: 32, dropout: 0 } });
    expect(DEFAULT_CONFIG.pseudoLabels.enabled).toBe(false);
  });

  it('takes feature sizes as data and sizes the network from them', () => {
    const c = makeConfig({ dims: { audio: 57, video: 33 } });
    expect(c.dims).toEqual({ text: 384, audio: 57, video: 33 });
    expect(c.subnets.audio).toEqual(DEFAULT_CONFIG.subnets.audio);
    const first = paramSpecs(c).find((s) => s.name === 'sub.audio.0.W');
    expect(first?.shape).toEqual([57, 32]);
    const fusion = paramSpecs(c).find((s) => s.name === 'post.fused.W');
    expect(fusion?.shape).toEqual([64 + 16 + 32, 128]);
  });

  it('rejects bad values with the place named', () => {
    expect(() => makeConfig({ alpha: -1 }, 'tune.json')).toThrow(/tune.json: invalid Self-MI config at 'alpha'/);
    expect(() => parseConfig({ ...DEFAULT_CONFIG, extra: 1 }, 'x.json')).toThrow(/x.json/);
    expect(() => makeConfig({ subnets: { text: { dropout: 2 } } })).toThrow(/subnets.text.dropout/);
  });
});
